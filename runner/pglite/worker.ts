// A worker thread hosting one PGlite instance. PGlite blocks the event loop of its thread and ignores
// statement_timeout for some work, so the only reliable stop is terminating this thread: the host does
// that on a time limit and restores a fresh instance from the snapshot.
//
// Loaded without tsx (host.ts strips the types with esbuild): only type imports besides PGlite and
// node built-ins, so the thread starts in ~0.2 s instead of ~1-2 s.
import { parentPort } from 'node:worker_threads';
import { PGlite, types } from '@electric-sql/pglite';
import type { SqlError, Table, WorkerReply, WorkerRequest, WorkerResult } from './protocol';

/** The role candidate SQL runs as: not a superuser, owner of the challenge's tables. */
const CANDIDATE_ROLE = 'assay_candidate';

if (!parentPort) throw new Error('runner/pglite/worker.ts runs as a worker thread');
const port = parentPort;

/** Numbers while exact enough to compare (15 significant digits), otherwise the exact text. */
function exactNumber(text: string): number | string {
  const digits = text.replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/e.*$/i, '');
  const n = Number(text);
  return Number.isFinite(n) && digits.length <= 15 ? n : text;
}

function finiteOrText(text: string): number | string {
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

function isoTimestampTz(text: string): string {
  const d = new Date(text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
  return Number.isNaN(d.getTime()) ? text : d.toISOString();
}

// Results cross threads and get compared with rules: keep them JSON values, dates as ISO strings
// (never shifted by a time zone), big integers and numerics exact.
const parsers = {
  [types.INT8]: exactNumber,
  [types.NUMERIC]: exactNumber,
  [types.DATE]: (t: string) => t,
  [types.TIMESTAMP]: (t: string) => t.replace(' ', 'T'),
  [types.TIMESTAMPTZ]: isoTimestampTz,
  [types.TIME]: (t: string) => t,
  [types.TIMETZ]: (t: string) => t,
  [types.INTERVAL]: (t: string) => t,
  [types.BYTEA]: (t: string) => t,
  // NaN and ±Infinity as text: they do not survive JSON (stored expected results) as numbers.
  [types.FLOAT4]: finiteOrText,
  [types.FLOAT8]: finiteOrText,
};
// Arrays of the types above with the same element parsers (PGlite's own would give bigints, which JSON
// cannot store, and Date objects): pg_type.typarray -> element oid.
for (const [arrayOid, elementOid] of [[1016, types.INT8], [1231, types.NUMERIC], [1182, types.DATE], [1115, types.TIMESTAMP], [1185, types.TIMESTAMPTZ], [1183, types.TIME], [1270, types.TIMETZ], [1187, types.INTERVAL], [1021, types.FLOAT4], [1022, types.FLOAT8]] as const) {
  const element = parsers[elementOid];
  (parsers as Record<number, (t: string) => unknown>)[arrayOid] = (t: string) => types.arrayParser(t, element, arrayOid);
}

const FETCH_CHUNK = 1000;

let pg: PGlite | undefined;
let restoreSequences = '';
let inTransaction = false;

function db(): PGlite {
  if (!pg) throw new Error('instance not open');
  return pg;
}

function toSqlError(e: unknown, positionOffset = 0): SqlError {
  const err = e as { message?: string; code?: string; position?: string };
  const out: SqlError = { message: String(err?.message ?? e) };
  if (err?.code) out.code = err.code;
  const pos = Number(err?.position);
  if (Number.isFinite(pos) && pos - positionOffset > 0) out.position = pos - positionOffset;
  return out;
}

async function table(sql: string, params: unknown[] = []): Promise<Table> {
  const r = await db().query<unknown[]>(sql, params, { rowMode: 'array', parsers });
  return { columns: r.fields.map((f) => f.name), types: r.fields.map((f) => f.dataTypeID), rows: r.rows };
}

/** Start PostgreSQL from the base cluster, holding no challenge's data yet (a spare). */
async function load(base: Uint8Array, wasm: WebAssembly.Module | undefined): Promise<void> {
  pg = new PGlite({
    loadDataDir: new File([base as Uint8Array<ArrayBuffer>], 'pgdata.tar', { type: 'application/x-tar' }),
    ...(wasm ? { pgliteWasmModule: wasm } : {}),
  });
  await pg.waitReady;
}

/** Replay a dataset's recipe (schema, data) on a loaded instance. */
async function apply(recipe: string[]): Promise<void> {
  const pg = db();
  await pg.exec(`SET ROLE ${CANDIDATE_ROLE}`);
  for (const sql of recipe) if (sql.trim()) await pg.exec(sql);
  await pg.exec('RESET ROLE');
  // Planner statistics and warm catalog caches, so a candidate's first query costs what later ones do.
  await pg.exec('ANALYZE');
  // Sequences are not transactional: remember their state to put it back after every run.
  const seqs = await pg.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = 'S' AND n.nspname NOT IN ('pg_catalog', 'information_schema')`,
  );
  const parts: string[] = [];
  for (const { name } of seqs.rows) {
    const s = await pg.query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text, is_called FROM ${name}`);
    const { last_value, is_called } = s.rows[0];
    parts.push(`SELECT setval('${name.replace(/'/g, "''")}', ${Number(last_value)}, ${is_called});`);
  }
  restoreSequences = parts.join('\n');
}

async function begin(readOnly: boolean): Promise<void> {
  await db().exec(`BEGIN${readOnly ? ' READ ONLY' : ''}; SET LOCAL ROLE ${CANDIDATE_ROLE}; SET LOCAL search_path = public`);
  inTransaction = true;
}

/** Back to the snapshot's state; false if anything looks off (the host then discards this instance). */
async function cleanup(): Promise<boolean> {
  const p = db();
  try {
    await p.exec('ROLLBACK');
    inTransaction = false;
    await p.exec('DISCARD ALL');
    if (restoreSequences) await p.exec(restoreSequences);
    const who = await p.query<{ cu: string; su: string; ro: string }>(
      `SELECT current_user AS cu, session_user AS su, current_setting('transaction_read_only') AS ro`,
    );
    const w = who.rows[0];
    return w.cu === 'postgres' && w.su === 'postgres' && w.ro === 'off';
  } catch {
    return false;
  }
}

function capBytes(t: Table, maxBytes: number): boolean {
  let bytes = 0;
  for (const row of t.rows) {
    bytes += JSON.stringify(row).length;
    if (bytes > maxBytes) return true;
  }
  return false;
}

async function runSql(req: Extract<WorkerRequest, { op: 'runSql' }>): Promise<WorkerResult> {
  const started = performance.now();
  const out: WorkerResult = { ms: 0 };
  try {
    if (req.mode === 'query') {
      await begin(true);
      // DECLARE accepts only SELECT / VALUES (no data-modifying WITH), the extended protocol only
      // one statement, and FETCH stops a huge or endless result after maxRows + 1 rows.
      const prefix = 'DECLARE assay_result NO SCROLL CURSOR FOR ';
      try {
        await db().query(prefix + req.sql, []);
        // In chunks, so the byte cap stops reading early; past maxRows, MOVE only counts (no rows cross).
        let t: Table | undefined;
        let bytes = 0;
        for (;;) {
          const want = Math.min(FETCH_CHUNK, req.maxRows - (t?.rows.length ?? 0));
          const chunk = await table(`FETCH FORWARD ${want} FROM assay_result`);
          if (!t) t = chunk;
          else t.rows.push(...chunk.rows);
          for (const row of chunk.rows) bytes += JSON.stringify(row).length;
          if (bytes > req.maxBytes) {
            out.truncated = 'bytes';
            t.rows = [];
            break;
          }
          if (chunk.rows.length < want) break;
          if (t.rows.length >= req.maxRows) {
            const more = await db().query('MOVE FORWARD 1 IN assay_result');
            if ((more.rowCount ?? 0) > 0) out.truncated = 'rows';
            break;
          }
        }
        out.tables = [t!];
      } catch (e) {
        out.error = toSqlError(e, prefix.length);
        out.errorIn = 'candidate';
      }
    } else {
      await begin(false);
      try {
        await db().exec(req.sql);
      } catch (e) {
        out.error = toSqlError(e);
        out.errorIn = 'candidate';
      }
      if (!out.error) {
        // Verify as the platform (RESET ROLE), on the public schema, whatever the candidate did.
        await db().exec('RESET ROLE; SET LOCAL search_path = public');
        out.tables = [];
        for (const q of req.verify) {
          try {
            const t = await table(q);
            if (t.rows.length > req.maxRows || capBytes(t, req.maxBytes)) {
              out.truncated = t.rows.length > req.maxRows ? 'rows' : 'bytes';
              t.rows = t.rows.slice(0, req.maxRows);
            }
            out.tables.push(t);
          } catch (e) {
            out.error = toSqlError(e);
            out.errorIn = 'verify';
            break;
          }
        }
      }
    }
  } finally {
    out.ms = performance.now() - started;
    out.clean = await cleanup();
  }
  return out;
}

async function apiQuery(req: Extract<WorkerRequest, { op: 'apiQuery' }>): Promise<WorkerResult> {
  const started = performance.now();
  const p = db();
  if (!inTransaction) await begin(false);
  await p.exec('SAVEPOINT assay_q');
  try {
    const t = await table(req.sql, req.params);
    await p.exec('RELEASE SAVEPOINT assay_q');
    if (t.rows.length > req.maxRows) t.rows = t.rows.slice(0, req.maxRows);
    return { ms: performance.now() - started, table: t };
  } catch (e) {
    await p.exec('ROLLBACK TO SAVEPOINT assay_q; RELEASE SAVEPOINT assay_q');
    return { ms: performance.now() - started, error: toSqlError(e) };
  }
}

async function makeBase(): Promise<WorkerResult> {
  const started = performance.now();
  // 1 MB WAL segments: a ~30 MB tarball instead of ~40 MB, less to untar per instance.
  const fresh = new PGlite({ initDbStartParams: ['--wal-segsize=1'] });
  await fresh.waitReady;
  // The candidate role owns the database (hence the public schema) but is no superuser: no server
  // files, no extensions, no ALTER SYSTEM. Time zone fixed so date results do not depend on the host.
  await fresh.exec(`
    CREATE ROLE ${CANDIDATE_ROLE} NOSUPERUSER NOCREATEDB NOCREATEROLE;
    ALTER DATABASE postgres OWNER TO ${CANDIDATE_ROLE};
    ALTER DATABASE postgres SET timezone TO 'UTC';
    UPDATE pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1');`);
  // Nothing ever creates a database here: without the templates the tarball is ~14 MB instead of ~31.
  for (const sql of ['DROP DATABASE template0', 'DROP DATABASE template1', 'VACUUM FULL', 'CHECKPOINT']) await fresh.exec(sql);
  const file = await fresh.dumpDataDir('none');
  const tarball = new Uint8Array(await file.arrayBuffer());
  await fresh.close();
  return { ms: performance.now() - started, tarball };
}

async function handle(req: WorkerRequest): Promise<WorkerResult> {
  const started = performance.now();
  switch (req.op) {
    case 'makeBase':
      return makeBase();
    case 'load':
      await load(req.base, req.wasm);
      return { ms: performance.now() - started };
    case 'apply':
      await apply(req.recipe);
      return { ms: performance.now() - started };
    case 'runSql':
      return runSql(req);
    case 'begin':
      if (!inTransaction) await begin(false);
      return { ms: performance.now() - started };
    case 'apiQuery':
      return apiQuery(req);
    case 'cleanup':
      return { ms: performance.now() - started, clean: await cleanup() };
  }
}

// One request at a time: the host never sends the next before the reply.
port.on('message', (msg: { id: number; req: WorkerRequest }) => {
  handle(msg.req).then(
    (result) => {
      const reply: WorkerReply = { id: msg.id, ok: true, result };
      port.postMessage(reply, result.tarball ? [result.tarball.buffer as ArrayBuffer] : []);
    },
    (e: unknown) => {
      const reply: WorkerReply = { id: msg.id, ok: false, message: e instanceof Error ? e.message : String(e) };
      port.postMessage(reply);
    },
  );
});
