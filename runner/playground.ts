// The candidate's playground ("Try a request"): one request of the candidate's choosing sent to their current code
// in the same sandbox the judge uses, unscored. The runner is given a challenge built from the PUBLIC parts only —
// no challenge files, no reference or wrong solutions, no tests but the candidate's own request — so nothing a
// playground request does can run a hidden test or read its data. Runs through any Runner (the server's pool).
import { createHash } from 'node:crypto';
import type { Challenge } from './challenge';
import type { Runner, Submission, TestDetail } from './types';

export const PLAYGROUND_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export interface PlaygroundRequest {
  method: (typeof PLAYGROUND_METHODS)[number];
  path: string;
  headers?: Record<string, string>;
  query?: Record<string, string | string[]>;
  body?: unknown;
}

export interface PlaygroundResult {
  /** What the candidate's app answered; null when it never answered (compile error, crash, time limit). */
  response: { status: number; headers: Record<string, string>; body: unknown } | null;
  console: string;
  verdict: string;
  message: string | null;
  compileError: { message: string; line?: number; column?: number } | null;
  wallMs: number;
}

/**
 * What every playground challenge keeps of the real one: slug, meta, limits and the starter, under a hash of its
 * own. No statement, reference, wrong solutions or files: the kind's section added by the caller is all it runs.
 */
function withoutSecrets(challenge: Challenge, hash: string): Challenge {
  return {
    slug: challenge.slug,
    hash,
    meta: challenge.meta,
    limits: challenge.limits,
    statement: '',
    starter: challenge.starter,
    solution: { file: challenge.solution.file, code: '' },
    wrong: [],
    files: {},
  };
}

/**
 * An API challenge reduced to what the candidate may see plus their request: the statement, starter, limits and
 * the app's database schema and seed (every sample test runs with them too). Everything else is dropped.
 */
export function apiPlaygroundChallenge(challenge: Challenge, request: PlaygroundRequest): Challenge {
  if (challenge.meta.kind !== 'api' || !challenge.api) throw new Error('the request playground is for API challenges');
  const hash = createHash('sha256').update(`playground\0${challenge.hash}\0${JSON.stringify(request)}`).digest('hex');
  return {
    ...withoutSecrets(challenge, hash),
    api: {
      database: challenge.api.database,
      // No expectation: the step always "passes" when the app answers; the answer itself is the result.
      tests: [{ name: 'playground', visibility: 'sample', weight: 0, steps: [{ request: { method: request.method, path: request.path, headers: request.headers ?? {}, query: request.query ?? {}, body: request.body }, expect: { match: 'exact' } }] }],
    },
  };
}

export async function tryRequest(runner: Runner, challenge: Challenge, submission: Submission, request: PlaygroundRequest): Promise<PlaygroundResult> {
  const out: PlaygroundResult = { response: null, console: '', verdict: 'internal_error', message: null, compileError: null, wallMs: 0 };
  for await (const event of runner.judge(apiPlaygroundChallenge(challenge, request), submission, { scope: 'samples' })) {
    if (event.type === 'test:finished') {
      const detail: TestDetail | undefined = event.detail;
      const actual = detail?.steps?.[0]?.actual as PlaygroundResult['response'] | undefined;
      out.response = actual ?? null;
      out.console = detail?.console ?? '';
      out.message = detail?.message ?? null;
    }
    if (event.type === 'submission:finished') {
      out.verdict = event.verdict;
      out.wallMs = event.wallMs;
      out.compileError = event.compileError ?? null;
      out.message ??= event.message ?? null;
    }
  }
  return out;
}

// ---- SQL: any read-only query against one sample dataset ------------------------------------------------------

export interface QueryResult {
  columns: string[];
  /** At most the judge's detail rows (50); `truncated` when the detail was cut. */
  rows: unknown[][];
  verdict: string;
  message: string | null;
  compileError: { message: string; line?: number; column?: number } | null;
}

/** A column no query can produce, so the comparison always "fails" and the detail carries the actual result. */
const NO_COLUMN = '\u0000playground';

/**
 * A SQL challenge reduced to its schema and ONE sample dataset, in query mode (the read-only guard applies
 * whatever the challenge's mode), with a stored expected result so the reference solution is never run.
 */
export function sqlPlaygroundChallenge(challenge: Challenge, datasetName: string): Challenge {
  const sql = challenge.sql;
  if (challenge.meta.kind !== 'sql' || !sql) throw new Error('queries can be tried on SQL challenges only');
  const ds = sql.datasets.find((d) => d.name === datasetName && d.visibility === 'sample');
  if (!ds) throw new Error(`no sample dataset named ${datasetName}`);
  return {
    ...withoutSecrets(challenge, createHash('sha256').update(`playground-sql\0${challenge.hash}\0${ds.name}`).digest('hex')),
    sql: {
      mode: 'query',
      schema: sql.schema,
      compare: sql.compare,
      verify: [],
      datasets: [{ ...ds, visibility: 'sample', weight: 0 }],
      alternatives: [],
      // Typed, so the kind takes it as stored and never runs the (empty) reference; 25 is text's type oid.
      expected: { [ds.name]: { columns: [NO_COLUMN], types: [25], rows: [] } },
    },
  };
}

export async function runQuery(runner: Runner, challenge: Challenge, code: string, datasetName: string): Promise<QueryResult> {
  const out: QueryResult = { columns: [], rows: [], verdict: 'internal_error', message: null, compileError: null };
  let detail: TestDetail | undefined;
  for await (const event of runner.judge(sqlPlaygroundChallenge(challenge, datasetName), { code, language: 'sql' }, { scope: 'samples' })) {
    if (event.type === 'test:finished') {
      detail = event.detail;
      out.verdict = event.verdict;
    }
    if (event.type === 'submission:finished') {
      out.compileError = event.compileError ?? null;
      if (!detail) out.verdict = event.verdict;
      out.message = event.message ?? null;
    }
  }
  // wrong_answer is the expected outcome (nothing matches NO_COLUMN): it means the query ran.
  if (out.verdict === 'wrong_answer' && detail?.columns?.actual) {
    out.verdict = 'ok';
    out.columns = detail.columns.actual;
    out.rows = (detail.actualRows ?? []) as unknown[][];
  } else out.message ??= detail?.message ?? null;
  return out;
}
