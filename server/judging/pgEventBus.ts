// The cross-process event bus on a PostgreSQL server: events are announced with NOTIFY in the transaction that
// writes them (so they are heard exactly when they are committed, by every process that LISTENs), and each
// process hands what it hears to its own subscribers. A NOTIFY payload is at most 8000 bytes: events that do
// not fit are announced by submission and sequence numbers only and read back from submission_events.
import { randomUUID } from 'node:crypto';
import { createAdapter } from '@socket.io/postgres-adapter';
import type { Knex } from 'knex';
import pg from 'pg';
import type { Logger } from '../logger';
import { LocalFanOut, type EventBus, type StoredEvent } from './eventBus';
import { eventsBetween } from './eventStore';

const CHANNEL = 'assay_events';
const MAX_PAYLOAD = 7800;
// What an announcement holds besides its events: origin, submission, first seq, count, brackets.
const ENVELOPE = 150;

interface Announcement {
  /** The announcing process: it delivered to its own subscribers already. */
  o: string;
  s: number;
  /** First seq; the events are consecutive. */
  q: number;
  n: number;
  e?: StoredEvent['event'][];
}

/**
 * One submission's consecutive events as announcements that fit a NOTIFY: as many events each as fit, so
 * listeners rarely read events back (every server would). An event too large on its own is announced by
 * its sequence number only.
 */
export function announcements(origin: string, events: StoredEvent[]): string[] {
  const out: string[] = [];
  // Each event is stringified once; an announcement is assembled from the pieces (the same JSON as stringifying it whole).
  const head = (from: StoredEvent, n: number) => JSON.stringify({ o: origin, s: from.submissionId, q: from.seq, n } satisfies Announcement).slice(0, -1);
  let chunk: StoredEvent[] = [];
  let texts: string[] = [];
  let size = 0;
  const flush = () => {
    if (chunk.length === 0) return;
    out.push(`${head(chunk[0], chunk.length)},"e":[${texts.join(',')}]}`);
    chunk = [];
    texts = [];
    size = 0;
  };
  for (const e of events) {
    const text = JSON.stringify(e.event);
    const bytes = Buffer.byteLength(text);
    if (bytes > MAX_PAYLOAD - ENVELOPE) {
      flush();
      out.push(`${head(e, 1)}}`);
      continue;
    }
    if (size + bytes + 1 > MAX_PAYLOAD - ENVELOPE) flush();
    chunk.push(e);
    texts.push(text);
    size += bytes + 1;
  }
  flush();
  return out;
}

/** Groups events by submission (one announcement each): a write holds one submission's events. */
function bySubmission(events: StoredEvent[]): StoredEvent[][] {
  const groups = new Map<number, StoredEvent[]>();
  for (const e of events) {
    if (!groups.has(e.submissionId)) groups.set(e.submissionId, []);
    groups.get(e.submissionId)!.push(e);
  }
  return [...groups.values()].map((g) => g.sort((a, b) => a.seq - b.seq));
}

export async function createPgEventBus(options: { url: string; knex: Knex; logger: Logger; listen?: boolean }): Promise<EventBus> {
  const { knex, logger } = options;
  const origin = randomUUID();
  const fanOut = new LocalFanOut();
  let closed = false;
  let listener: pg.Client | undefined;

  // Its own announcements a process delivered already, when they were written.
  const own = JSON.stringify({ o: origin }).slice(0, -1);
  let heard = Promise.resolve();
  const hear = async (payload: string | undefined) => {
    if (!payload || payload.startsWith(own)) return;
    const a = JSON.parse(payload) as Announcement;
    const events = a.e
      ? a.e.map((event, i): StoredEvent => ({ submissionId: a.s, seq: a.q + i, event }))
      : await eventsBetween(knex, a.s, a.q, a.q + a.n - 1);
    for (const e of events) fanOut.emit(e);
  };

  const listen = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: options.url, application_name: 'assay-events' });
    client.on('notification', (msg) => {
      // One at a time, so an announcement read back from the table is not overtaken by the next one.
      if (msg.channel === CHANNEL) heard = heard.then(() => hear(msg.payload)).catch((err) => logger.error({ err }, 'could not read announced events'));
    });
    // A lost LISTEN connection is opened again; a client that misses events meanwhile fills the gap from the
    // database at its next event or when it rejoins.
    client.on('error', (err) => logger.warn({ err }, 'event listener connection failed'));
    client.on('end', () => {
      if (closed) return;
      setTimeout(() => listen().catch((err) => logger.error({ err }, 'could not listen for events again')), 1000).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    listener = client;
  };
  if (options.listen ?? true) await listen();
  // Socket.IO's own cross-server channel (rooms, broadcasts), on a small pool of its own, made when a live gateway
  // asks for it (a worker has none). Its attachments table (payloads over 8000 bytes) is made by a migration.
  let socketPool: pg.Pool | undefined;
  let socketAdapter: ReturnType<typeof createAdapter> | undefined;
  const adapter = () => {
    if (!socketAdapter) {
      socketPool = new pg.Pool({ connectionString: options.url, max: 3, application_name: 'assay-sockets' });
      socketPool.on('error', (err) => logger.warn({ err }, 'socket adapter connection failed'));
      socketAdapter = createAdapter(socketPool, { errorHandler: (err) => logger.warn({ err }, 'socket adapter error') });
    }
    return socketAdapter;
  };

  // One statement for all of a write's announcements; a transaction's notifications are delivered in the order sent.
  const notify = async (q: Knex, events: StoredEvent[]) => {
    const payloads = bySubmission(events).flatMap((group) => announcements(origin, group));
    await q.raw(`select pg_notify(?, p) from (values ${payloads.map((_, i) => `(?, ${i})`).join(', ')}) as v(p, i) order by i`, [CHANNEL, ...payloads]);
  };

  return {
    publish(e) {
      fanOut.emit(e);
      notify(knex, [e]).catch((err) => logger.error({ err, submissionId: e.submissionId }, 'could not announce an event'));
    },
    async written(q, write) {
      const events = await q.transaction(async (trx) => {
        const stored = await write(trx);
        if (stored.length > 0) await notify(trx, stored);
        return stored;
      });
      for (const e of events) fanOut.emit(e);
      return events;
    },
    subscribe: (l) => fanOut.subscribe(l),
    get socketAdapter() {
      return adapter();
    },
    async close() {
      closed = true;
      await listener?.end().catch(() => {});
      // The gateway closed the adapter first (which gave its LISTEN connection back), so the pool can end.
      if (socketPool) await Promise.race([socketPool.end().catch(() => {}), new Promise((r) => setTimeout(r, 2000).unref())]);
    },
  };
}
