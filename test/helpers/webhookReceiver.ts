// A real HTTP receiver on loopback (port 0) for webhook tests: it records every request and answers with the
// status the test programs (500s first, to exercise retries).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { testDatabase } from './database';

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { id: string; type: string; created: string; data: Record<string, any> };
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Statuses for the next requests, in order; after them, `fallback` (200). */
  answers: number[];
  fallback: number;
  waitFor(predicate: (r: Received[]) => boolean, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const state = { answers: [] as number[], fallback: 200 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: Received['json'];
      try {
        json = JSON.parse(body);
      } catch {
        json = { id: '', type: 'unparsable', created: '', data: {} };
      }
      received.push({ path: req.url ?? '/', headers: req.headers, body, json });
      res.statusCode = state.answers.shift() ?? state.fallback;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    get answers() {
      return state.answers;
    },
    set answers(v) {
      state.answers = v;
    },
    get fallback() {
      return state.fallback;
    },
    set fallback(v) {
      state.fallback = v;
    },
    async waitFor(predicate, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > until) throw new Error(`webhook receiver: condition not met after ${timeoutMs} ms; got ${received.map((r) => r.json.type).join(', ') || 'nothing'}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Platform env for webhook tests: fast retries and polls, loopback allowed; with a PostgreSQL server, the pg-boss mode. */
export async function webhookEnv(): Promise<Record<string, string>> {
  const env: Record<string, string> = { WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_RETRY_BASE_MS: '300', WEBHOOK_POLL_MS: '100' };
  if (process.env.TEST_DATABASE_URL) {
    const db = await testDatabase();
    const c = db.knex.client.connectionSettings as { user: string; password?: string; host: string; port?: number; database: string };
    env.DATABASE_URL = `postgres://${encodeURIComponent(c.user)}${c.password ? `:${encodeURIComponent(c.password)}` : ''}@${c.host}:${c.port ?? 5432}/${c.database}`;
  }
  return env;
}

