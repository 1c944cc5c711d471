// Run as a child by host.test.ts, with a budget of one instance: a second dataset must be replayed into the idle
// instance of the first (no second load), and see nothing of the first dataset.
import { acquireInstance, closePgliteHost, pgliteHostStats } from '../../../runner/pglite/host';

const run = { op: 'runSql' as const, mode: 'query' as const, verify: [], maxRows: 100, maxBytes: 10_000 };
const query = (text: string) => ({ ...run, statements: [{ text, offset: 0 }] });

const a = await acquireInstance('a', ['CREATE TABLE first_ds (id serial PRIMARY KEY, v int);', 'INSERT INTO first_ds (v) VALUES (1), (2), (3);']);
const started = await a.call(query('SELECT pg_postmaster_start_time()::text'));
await a.release();
const b = await acquireInstance('b', ['CREATE TABLE second_ds (id serial PRIMARY KEY, v int);', 'INSERT INTO second_ds (v) VALUES (7);']);
const seen = await b.call(query(`SELECT to_regclass('first_ds') IS NULL AS gone, (SELECT max(id) FROM second_ds) AS id, (SELECT count(*) FROM pg_class WHERE relname LIKE 'first_ds%') AS left_over, pg_postmaster_start_time()::text AS started`));
const stats = pgliteHostStats();
await b.release();
process.stdout.write(`${JSON.stringify({ seen: seen.kind === 'ok' ? { rows: seen.result.tables?.[0].rows, clean: seen.result.clean } : seen, live: stats.live, firstStarted: started.kind === 'ok' ? started.result.tables?.[0].rows[0][0] : null })}\n`);
await closePgliteHost();
