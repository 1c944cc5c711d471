// Sessions in PostgreSQL (connect-pg-simple), written as rarely as correctness allows: on the embedded database
// every statement queues behind every other, and a campus opening an assessment at once is thousands of them.
// - A session is written when it changes (sign-in, sign-out), not once more at the end of the same request
//   (express-session saves again after passport's regenerate + save, with the same content).
// - The sliding 12-hour expiry (rolling) is renewed in the database at most every TOUCH_EVERY_MS per session, not
//   on every request: the cookie slides each time, the row trails it by at most 15 minutes of 12 hours.
// - Regenerating a session that was never stored (a browser without a cookie signing in) deletes nothing.
import { randomBytes } from 'node:crypto';
import session from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import type { RequestHandler } from 'express';
import type { Config } from '../config';
import type { Database } from '../db';

export const SESSION_MAX_AGE_MS = 12 * 60 * 60 * 1000;
export const TOUCH_EVERY_MS = 15 * 60 * 1000;
// Per-process memory of recent writes: a forgotten entry costs one extra (correct) statement, never a missed one.
const REMEMBERED = 100_000;

type Callback = (err?: unknown) => void;

/** A bounded map that forgets its oldest entries first. */
class Recent<V> {
  private map = new Map<string, V>();
  get(key: string) {
    return this.map.get(key);
  }
  set(key: string, value: V) {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > REMEMBERED) this.map.delete(this.map.keys().next().value!);
  }
  delete(key: string) {
    return this.map.delete(key);
  }
}

/** The session's content without its cookie (whose expiry moves on every request). */
const contentOf = (sess: session.SessionData) => JSON.stringify(sess, (key, value) => (key === 'cookie' ? undefined : value));

/** When the stored row's expiry was last set, from the cookie it was stored with. */
const writtenAt = (sess: session.SessionData) => (sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() - SESSION_MAX_AGE_MS : 0);

export function createSessionMiddleware(config: Config, db: Database): RequestHandler {
  const PgStore = connectPgSimple(session);
  /** Ids generated in this process and not stored yet. */
  const unsaved = new Recent<true>();
  /** sid -> what the store holds (content, when its expiry was set), as this process last wrote or read it. */
  const stored = new Recent<{ content: string; at: number }>();

  class QuietStore extends PgStore {
    override get(sid: string, cb: (err: unknown, sess?: session.SessionData | null) => void) {
      super.get(sid, (err: unknown, sess?: session.SessionData | null) => {
        if (!err && sess) stored.set(sid, { content: contentOf(sess), at: writtenAt(sess) });
        cb(err, sess);
      });
    }

    override set(sid: string, sess: session.SessionData, cb?: Callback) {
      const content = contentOf(sess);
      const known = stored.get(sid);
      if (known && known.content === content && Date.now() - known.at < TOUCH_EVERY_MS) return cb?.();
      super.set(sid, sess, (err?: unknown) => {
        if (!err) {
          unsaved.delete(sid);
          stored.set(sid, { content, at: Date.now() });
        }
        cb?.(err);
      });
    }

    override touch(sid: string, sess: session.SessionData, cb?: Callback) {
      const known = stored.get(sid);
      if (known && Date.now() - known.at < TOUCH_EVERY_MS) return cb?.();
      super.touch(sid, sess, (err?: unknown) => {
        if (!err) stored.set(sid, { content: contentOf(sess), at: Date.now() });
        cb?.(err);
      });
    }

    override destroy(sid: string, cb?: Callback) {
      stored.delete(sid);
      if (unsaved.delete(sid)) return cb?.();
      super.destroy(sid, cb);
    }
  }

  const store = new QuietStore({
    pool: db.pgPool as never,
    tableName: 'sessions',
    createTableIfMissing: false,
    // Expired sessions are pruned by the store every 15 minutes; not in tests, where apps come and go.
    pruneSessionInterval: config.env === 'test' ? false : 15 * 60,
  });
  return session({
    name: 'assay.sid',
    secret: config.sessionSecret,
    store,
    // express-session's own generator (uid-safe, 24 bytes), remembered so regenerating an unsaved one is free.
    genid: () => {
      const id = randomBytes(24).toString('base64url');
      unsaved.set(id, true);
      return id;
    },
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.env === 'production' ? 'auto' : false,
      maxAge: SESSION_MAX_AGE_MS,
    },
  });
}
