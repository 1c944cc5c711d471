// A worker thread hosting one PGlite instance. PGlite blocks the event loop of its thread and ignores
// statement_timeout for some work, so the only reliable stop is terminating this thread: the host does
// that on a time limit and restores a fresh instance from the snapshot.
//
// Loaded without tsx (host.ts strips the types with esbuild): only type imports besides PGlite and
// node built-ins, so the thread starts in ~0.2 s instead of ~1-2 s.
import { parentPort } from 'node:worker_threads';
import { PGlite, types } from '@electric-sql/pglite';
import type { SqlError, Table, WorkerCleaned, WorkerReply, WorkerRequest, WorkerResult } from './protocol';

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
/** The next transaction id when the current run began: every xid from here must end aborted. */
let runFirstXid: bigint | undefined;
/** The run's transaction was READ ONLY (query mode). */
let runReadOnly = false;
/** What the instance looked like when its dataset was loaded (see FINGERPRINT_SQL). */
let baseline: string | undefined;
let dataDir = '/pglite/data';
/** File-system writes PostgreSQL itself never makes, seen since the last check. */
const foreignWrites: string[] = [];

function db(): PGlite {
  if (!pg) throw new Error('instance not open');
  return pg;
}

/** `shift` moves PostgreSQL's 1-based position in the text it ran to one in the candidate's SQL. */
function toSqlError(e: unknown, shift = 0): SqlError {
  const err = e as { message?: string; code?: string; position?: string };
  const out: SqlError = { message: String(err?.message ?? e) };
  if (err?.code) out.code = err.code;
  const pos = Number(err?.position);
  if (Number.isFinite(pos) && pos + shift > 0) out.position = pos + shift;
  return out;
}

async function table(sql: string, params: unknown[] = []): Promise<Table> {
  const r = await db().query<unknown[]>(sql, params, { rowMode: 'array', parsers });
  return { columns: r.fields.map((f) => f.name), types: r.fields.map((f) => f.dataTypeID), rows: r.rows };
}

// ---- what could outlive a rolled-back transaction ----

/**
 * Everything a run could change that a ROLLBACK does not undo, or that only a commit would change: catalog
 * sizes (tables, functions, rules, triggers, roles, schemas, extensions, large objects), role attributes,
 * sequence values, database- and role-level settings. Compared after every run with the value taken when the
 * dataset was loaded; ~1-2 ms on an instance.
 */
const FINGERPRINT_SQL = `SELECT concat_ws('|',
  (SELECT count(*) || ':' || max(oid) FROM pg_class),
  (SELECT count(*) || ':' || max(oid) FROM pg_proc),
  (SELECT count(*) FROM pg_rewrite), (SELECT count(*) FROM pg_trigger), (SELECT count(*) FROM pg_event_trigger),
  (SELECT count(*) FROM pg_largeobject_metadata), (SELECT count(*) FROM pg_largeobject),
  (SELECT string_agg(rolname || ':' || rolsuper || rolcanlogin || rolcreaterole || rolbypassrls, ',' ORDER BY oid) FROM pg_authid),
  (SELECT count(*) FROM pg_auth_members), (SELECT count(*) FROM pg_namespace), (SELECT count(*) FROM pg_extension),
  (SELECT count(*) FROM pg_database), (SELECT count(*) FROM pg_db_role_setting), (SELECT count(*) FROM pg_foreign_server),
  (SELECT string_agg(c.oid || '=' || coalesce(pg_sequence_last_value(c.oid)::text, '-'), ',' ORDER BY c.oid) FROM pg_class c WHERE c.relkind = 'S')
)`;

async function fingerprint(): Promise<string> {
  const r = await db().query<{ f: string }>(`SELECT (${FINGERPRINT_SQL}) AS f`);
  return r.rows[0].f;
}

const O_ACCMODE = 3;
const O_CREAT = 0x40;
const O_TRUNC = 0x200;
const MODIFYING_FS_CALLS = ['open', 'mknod', 'mkdir', 'unlink', 'rmdir', 'rename', 'symlink', 'truncate', 'chmod', 'utime'] as const;

/**
 * Watch the instance's Emscripten file system for writes PostgreSQL never makes on its own: anything outside
 * its data directory (lo_export, COPY TO, a superuser's file functions would write there: /tmp, /home, the
 * installation under /pglite), and any open that truncates (server-side file writes do, PostgreSQL's own
 * relation, WAL and SLRU files never). Cheaper than walking the tree after each run (~50-80 ms for its ~700
 * files), and it also sees an overwrite of an existing file.
 */
function watchFileSystem(instance: PGlite): void {
  const FS = (instance as unknown as { mod?: { FS?: Record<string, (...a: unknown[]) => unknown> } }).mod?.FS;
  if (!FS) throw new Error("PGlite's file system is not reachable: cannot check what a run writes");
  const inData = (p: string) => {
    const abs = p.startsWith('/') ? p : `${dataDir}/${p}`;
    const parts: string[] = [];
    for (const seg of abs.split('/')) {
      if (seg === '..') parts.pop();
      else if (seg && seg !== '.') parts.push(seg);
    }
    const norm = `/${parts.join('/')}`;
    return norm === dataDir || norm.startsWith(`${dataDir}/`);
  };
  for (const name of MODIFYING_FS_CALLS) {
    const original = FS[name];
    if (typeof original !== 'function') continue;
    FS[name] = function (this: unknown, ...args: unknown[]) {
      // rename and symlink name a second path, which must stay inside the data directory as well.
      const targets = (name === 'rename' || name === 'symlink' ? args.slice(0, 2) : args.slice(0, 1)).filter((a): a is string => typeof a === 'string');
      const flags = name === 'open' ? Number(args[1] ?? 0) : -1;
      const writes = name !== 'open' || (flags & O_ACCMODE) !== 0 || (flags & O_CREAT) !== 0;
      for (const target of targets) {
        if (writes && (!inData(target) || (flags >= 0 && (flags & O_TRUNC) !== 0))) {
          if (foreignWrites.length < 20) foreignWrites.push(`${name} ${target}`);
        }
      }
      return original.apply(this, args);
    };
  }
}

/**
 * Sized for test datasets (thousands of rows), not PostgreSQL's server defaults: PGlite allocates and touches the
 * whole shared_buffers at start, so its default 128 MB made each instance ~200 MB RSS; with 16 MB one costs ~85 MB
 * (measured with a 10,000-row table; runner/pglite/README.md). A bigger sort or hash spills to (in-memory) temp
 * files past work_mem, which changes speed, never results.
 */
const START_SETTINGS = ['shared_buffers=8MB', 'work_mem=2MB', 'maintenance_work_mem=16MB', 'temp_buffers=2MB', 'wal_buffers=256kB'];

/** Start PostgreSQL from the base cluster, holding no challenge's data yet (a spare). */
async function load(base: Uint8Array, wasm: WebAssembly.Module | undefined): Promise<void> {
  const defaults = (PGlite as unknown as { defaultStartParams?: string[] }).defaultStartParams ?? [];
  pg = new PGlite({
    loadDataDir: new File([base as Uint8Array<ArrayBuffer>], 'pgdata.tar', { type: 'application/x-tar' }),
    ...(wasm ? { pgliteWasmModule: wasm } : {}),
    ...(defaults.length > 0 ? { startParams: [...defaults, ...START_SETTINGS.flatMap((s) => ['-c', s])] } : {}),
  });
  await pg.waitReady;
  dataDir = (await pg.query<{ d: string }>(`SELECT current_setting('data_directory') AS d`)).rows[0].d.replace(/\/$/, '');
  watchFileSystem(pg);
}

/** Replay a dataset's recipe (schema, data) on a loaded instance. */
async function apply(recipe: string[]): Promise<void> {
  const pg = db();
  await pg.exec(`SET ROLE ${CANDIDATE_ROLE}`);
  for (const sql of recipe) if (sql.trim()) await pg.exec(sql);
  await pg.exec('RESET ROLE');
  // Planner statistics for the dataset's tables, so a candidate's plans are those of a settled database. Only
  // theirs: a bare ANALYZE also samples every system catalog, seconds per instance on a loaded machine.
  const tables = await pg.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'm', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`,
  );
  if (tables.rows.length > 0) await pg.exec(`ANALYZE ${tables.rows.map((t) => t.name).join(', ')}`);
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
  baseline = await fingerprint();
  // The author's recipe is trusted; only what runs from now on is watched.
  foreignWrites.length = 0;
}

const NEXT_XID_SQL = `SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS x`;

/** The rows of the last statement of a multi-statement exec (one round trip for the whole batch). */
async function execLast<T>(sql: string): Promise<T[]> {
  const results = await db().exec(sql);
  return (results[results.length - 1]?.rows ?? []) as T[];
}

async function begin(readOnly: boolean): Promise<void> {
  // Inside the transaction but before it has an xid: every xid the run takes is this one or later.
  const [row] = await execLast<{ x: string }>(
    `BEGIN${readOnly ? ' READ ONLY' : ''}; SET LOCAL ROLE ${CANDIDATE_ROLE}; SET LOCAL search_path = public; ${NEXT_XID_SQL}`,
  );
  runFirstXid = BigInt(row.x);
  runReadOnly = readOnly;
  inTransaction = true;
}

/** More xids than this in one run is itself suspicious (and too many to check one by one). */
const MAX_RUN_XIDS = 100_000n;


/**
 * DISCARD ALL's documented parts. DISCARD ALL itself refuses to run in a transaction block, and a multi-statement
 * exec is one, so it would cost a round trip of its own; its parts run in the same batch as the checks.
 */
const RESET_SESSION_SQL = `CLOSE ALL; SET SESSION AUTHORIZATION DEFAULT; RESET ALL; DEALLOCATE ALL; SELECT pg_advisory_unlock_all();
  DISCARD PLANS; DISCARD TEMP; DISCARD SEQUENCES; UNLISTEN *;`;

/**
 * Back to the snapshot's state, then check nothing outlived the run: no transaction id the run took ended
 * committed (a COMMIT that slipped through), the fingerprint is the one taken at load, no foreign file
 * write, the session user and role are back. Anything else and the host discards this instance.
 * ROLLBACK, the session reset, the sequences put back and the checks go in one exec; the fingerprint, when the
 * run could have written, in a second.
 */
async function cleanup(): Promise<{ clean: boolean; dirty?: string; checkMs: number }> {
  const first = runFirstXid;
  const readOnly = runReadOnly;
  runFirstXid = undefined;
  runReadOnly = false;
  const t = performance.now();
  try {
    // The xids from the run's first to the next unassigned one, read right after the ROLLBACK (the batch's own
    // implicit transaction may take one more: in progress, never committed, so it does not count).
    const xids =
      first === undefined
        ? `SELECT '0' AS committed, '0' AS taken`
        : `SELECT (SELECT count(*) FROM generate_series(${first}::bigint, least(n - 1, ${first + MAX_RUN_XIDS}::bigint)) x
             WHERE pg_xact_status(x::text::xid8) = 'committed')::text AS committed, (n - ${first}::bigint)::text AS taken
           FROM (SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS n) s`;
    const results = await db().exec(
      `ROLLBACK; ${xids}; ${RESET_SESSION_SQL}
       ${restoreSequences}
       SELECT current_user AS cu, session_user AS su, current_setting('transaction_read_only') AS ro`,
    );
    inTransaction = false;
    const x = results[1].rows[0] as { committed: string; taken: string };
    const w = results[results.length - 1].rows[0] as { cu: string; su: string; ro: string };
    const checkMs = () => performance.now() - t;
    if (x.committed !== '0') return { clean: false, dirty: `${x.committed} transaction(s) of the run committed`, checkMs: checkMs() };
    if (BigInt(x.taken) > MAX_RUN_XIDS) return { clean: false, dirty: `the run took ${x.taken} transaction ids`, checkMs: checkMs() };
    if (w.cu !== 'postgres' || w.su !== 'postgres' || w.ro !== 'off') return { clean: false, dirty: `session left as ${w.su}/${w.cu}`, checkMs: checkMs() };
    // A READ ONLY run that took no transaction id wrote no row anywhere: a catalog row, a role or a large object
    // needs one (PostgreSQL assigns an xid before any heap write), and READ ONLY refuses nextval/setval (the
    // sequences are put back above regardless). Its fingerprint cannot have changed, and computing it is most of the
    // checks' cost; every other run is fingerprinted.
    const wrote = !(readOnly && first !== undefined && x.taken === '0');
    if (wrote && baseline !== undefined) {
      const f = await fingerprint();
      if (f !== baseline) return { clean: false, dirty: `fingerprint changed: ${baseline} -> ${f}`, checkMs: checkMs() };
    }
    if (foreignWrites.length > 0) return { clean: false, dirty: `file system written: ${foreignWrites.join(', ')}`, checkMs: checkMs() };
    return { clean: true, checkMs: checkMs() };
  } catch (e) {
    return { clean: false, dirty: `cleanup failed: ${e instanceof Error ? e.message : String(e)}`, checkMs: performance.now() - t };
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
      const [statement] = req.statements;
      try {
        if (req.statements.length !== 1) throw new Error('query mode runs exactly one statement');
        await db().query(prefix + statement.text, []);
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
        out.error = toSqlError(e, (statement?.offset ?? 0) - prefix.length);
        out.errorIn = 'candidate';
      }
    } else {
      await begin(false);
      // One statement per extended-protocol message: nothing the parser did not see as a statement can run.
      for (const st of req.statements) {
        try {
          await db().query(st.text, []);
        } catch (e) {
          out.error = toSqlError(e, st.offset);
          out.errorIn = 'candidate';
          break;
        }
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
    if (!req.cleanupAfterReply) Object.assign(out, await cleanup());
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
  // Every instance holds its files in memory: the WAL segments initdb preallocated past the current one (recycled
  // files nothing has written to yet; PostgreSQL makes new ones when it needs them) are not shipped, 1 MB each.
  const current = (await fresh.query<{ f: string }>('SELECT pg_walfile_name(pg_current_wal_insert_lsn()) AS f')).rows[0].f;
  const FS = (fresh as unknown as { mod: { FS: { readdir(p: string): string[]; unlink(p: string): void } } }).mod.FS;
  const walDir = `${(await fresh.query<{ d: string }>(`SELECT current_setting('data_directory') AS d`)).rows[0].d.replace(/\/$/, '')}/pg_wal`;
  for (const name of FS.readdir(walDir)) if (/^[0-9A-F]{24}$/.test(name) && name > current) FS.unlink(`${walDir}/${name}`);
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
      // Everything a recipe makes belongs to the candidate role (it runs as that role); the base cluster owns nothing else of it.
      if (req.reset) await db().exec(`DROP OWNED BY ${CANDIDATE_ROLE}`);
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
      return { ms: performance.now() - started, ...(await cleanup()) };
  }
}

// One request at a time, in order: the host never sends the next before the reply, and a run whose cleanup
// follows its reply finishes that cleanup before the next request starts.
let serving: Promise<void> = Promise.resolve();
port.on('message', (msg: { id: number; req: WorkerRequest }) => {
  serving = serving.then(() => serve(msg));
});

async function serve(msg: { id: number; req: WorkerRequest }): Promise<void> {
  let result: WorkerResult;
  try {
    result = await handle(msg.req);
  } catch (e) {
    const reply: WorkerReply = { id: msg.id, ok: false, message: e instanceof Error ? e.message : String(e) };
    port.postMessage(reply);
    return;
  }
  const reply: WorkerReply = { id: msg.id, ok: true, result };
  port.postMessage(reply, result.tarball ? [result.tarball.buffer as ArrayBuffer] : []);
  if (msg.req.op === 'runSql' && msg.req.cleanupAfterReply) {
    const cleaned: WorkerCleaned = { id: msg.id, cleaned: await cleanup() };
    port.postMessage(cleaned);
  }
}
