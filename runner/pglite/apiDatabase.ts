// The per-run database behind ctx.db.query for API challenges that declare `database:` in challenge.yaml.
// One warm PGlite instance (schema + seed) per submission, leased from the same pool as the SQL kind's
// datasets. Everything a test does runs inside one transaction that reset() rolls back, so tests never
// see each other's writes; each query runs under a savepoint so a failing query (a quote breaking a
// string-built statement) does not poison the rest of the test, as it would not on a real server.
//
// Each query is checked by PostgreSQL's parser first (runner/sqlGuard.ts: one SELECT or DML statement, no
// privileged function, however spelled), and each test's cleanup fingerprints the instance
// (runner/pglite/worker.ts): a difference discards it, so the next submission never inherits a file, a role
// or a committed row.
import type { Challenge } from '../challenge';
import { checkApiQuery } from '../sqlGuard';
import { acquireInstance, type Lease } from './host';

export interface ApiQueryOptions {
  /** Wall limit for this one query; on expiry the worker is terminated and the database restored. */
  timeoutMs?: number;
  /** Aborting terminates the query the same way. */
  signal?: AbortSignal;
}

export interface ApiDatabase {
  /** One statement; parameters are always bound ($1, $2, ...), never interpolated. */
  query(sql: string, params: unknown[], options?: ApiQueryOptions): Promise<{ rows: Record<string, unknown>[]; fields: string[] }>;
  /** Roll back everything since the last reset: call before each test. */
  reset(): Promise<void>;
  /** Always call, in a finally. */
  release(): Promise<void>;
}

/** Thrown for a query that ran out of time (the api kind maps it to time_limit). */
export class DbTimeoutError extends Error {
  constructor(ms: number) {
    super(`database query exceeded ${ms} ms`);
    this.name = 'DbTimeoutError';
  }
}

const DEFAULT_QUERY_TIMEOUT_MS = 5000;
const MAX_ROWS = 10_000;

export async function acquireApiDatabase(challenge: Challenge, defaults: { timeoutMs?: number } = {}): Promise<ApiDatabase> {
  const db = challenge.api?.database;
  if (!db) throw new Error(`challenge ${challenge.slug} declares no database`);
  const key = `api:${challenge.hash}`;
  const recipe = [db.schema, db.seed];
  let lease: Lease | undefined = await acquireInstance(key, recipe);
  let inTest = false;
  const defaultTimeout = defaults.timeoutMs ?? Math.max(challenge.limits.cpuMsPerTest, DEFAULT_QUERY_TIMEOUT_MS);

  async function live(): Promise<Lease> {
    if (!lease) throw new Error('database released');
    if (lease.lost) {
      // The worker was terminated (timeout or crash): continue on a freshly restored instance.
      await lease.release();
      lease = await acquireInstance(key, recipe);
      inTest = false;
    }
    return lease;
  }

  return {
    async query(sql, params, options = {}) {
      if (typeof sql !== 'string') throw new TypeError('db.query(sql, params): sql must be a string');
      if (!Array.isArray(params ?? [])) throw new TypeError('db.query(sql, params): params must be an array');
      const problem = await checkApiQuery(sql);
      if (problem) throw new Error(problem);
      const l = await live();
      if (!inTest) {
        await l.call({ op: 'begin' });
        inTest = true;
      }
      const timeoutMs = options.timeoutMs ?? defaultTimeout;
      const out = await l.call(
        { op: 'apiQuery', sql, params: (params ?? []).map(jsonSafeParam), maxRows: MAX_ROWS },
        { timeoutMs, signal: options.signal },
      );
      if (out.kind === 'timeout') throw new DbTimeoutError(timeoutMs);
      if (out.kind === 'crashed') throw new Error(`database query failed: ${out.message}`);
      if (out.result.error) throw new Error(out.result.error.message);
      const { columns, rows } = out.result.table!;
      return {
        fields: columns,
        rows: rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]]))),
      };
    },
    async reset() {
      const l = await live();
      if (inTest) {
        const out = await l.call({ op: 'cleanup' });
        inTest = false;
        if (out.kind !== 'ok' || !out.result.clean) l.discard();
      }
    },
    async release() {
      const l = lease;
      lease = undefined;
      if (!l) return;
      if (inTest && !l.lost) {
        const out = await l.call({ op: 'cleanup' });
        if (out.kind !== 'ok' || !out.result.clean) l.discard();
      }
      await l.release();
    },
  };
}

/** Parameters cross a thread boundary as JSON values; anything else is its string form. */
function jsonSafeParam(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return v.toString();
  return JSON.stringify(v);
}
