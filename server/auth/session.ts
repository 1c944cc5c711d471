import session from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import type { RequestHandler } from 'express';
import type { Config } from '../config';
import type { Database } from '../db';

export function createSessionMiddleware(config: Config, db: Database): RequestHandler {
  const PgStore = connectPgSimple(session);
  const store = new PgStore({
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
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.env === 'production' ? 'auto' : false,
      maxAge: 12 * 60 * 60 * 1000,
    },
  });
}
