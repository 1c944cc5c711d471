// The SQL challenge kind. Each dataset is a test: the candidate's SQL and the reference solution run on
// the same data (a warm PGlite instance holding schema + dataset, runner/pglite/host.ts) and their
// results are compared with the challenge's rules (runner/compareRows.ts).
//
// Modes, as candidates are told in each statement:
// - query: exactly one read statement (SELECT, WITH ... SELECT, VALUES, TABLE). Anything else, or more
//   than one statement, is a compile_error before anything runs. The query runs in a READ ONLY
//   transaction through a cursor; at most MAX_ROWS rows and the challenge's outputBytes come back
//   (beyond: output_limit).
// - statements: any number of the statement kinds the challenge allows (`sql.allow`, by default DML and
//   table DDL), then the challenge's verify queries run on the resulting state, in the same transaction,
//   and their results are compared.
// PostgreSQL's own parser splits and checks the SQL first (runner/sqlGuard.ts): a syntax error, a refused
// statement kind or a refused function is a compile_error with the line. Each statement then runs on its
// own; the run is always rolled back and the instance fingerprinted (runner/pglite/worker.ts); an error
// from PostgreSQL is a runtime_error with its message and line; a run over the per-test cpu limit is a
// time_limit (the worker thread is terminated).
import { alternativeKey, type Challenge, type SqlDataset, type SqlExpected } from '../challenge';
import { compareRows, type ResultTable } from '../compareRows';
import { acquireInstance, warmInstance, type CallOutcome } from '../pglite/host';
import type { SqlError, SqlStatementText, Table } from '../pglite/protocol';
import { MAX_LIMITS, type SqlSectionSpec } from '../spec';
import { generateInserts } from '../sqlGenerate';
import { checkQuerySql, checkStatementsSql, type GuardResult } from '../sqlGuard';
import type { Submission, TestCase, TestDetail } from '../types';
import { CompileError, type ChallengeKind, type TestOutcome } from './kind';
import { expectedKeysOf, sqlChallenge } from './sqlChallenge';

export const MAX_ROWS = 10_000;
/** Rows of each side kept in a TestDetail (the diff lines already name what differs). */
const DETAIL_ROWS = 50;
/** The reference is the author's code: bounded, but not by the candidate's limits. */
const REFERENCE_TIMEOUT_MS = 30_000;


interface PreparedSql {
  challenge: Challenge;
  sql: string;
  statements: SqlStatementText[];
}

function sqlOf(challenge: Challenge): NonNullable<Challenge['sql']> {
  if (!challenge.sql) throw new Error(`${challenge.slug} is not a SQL challenge`);
  return challenge.sql;
}

const datasetSqlCache = new Map<string, string>();

function datasetKey(challenge: Challenge, ds: SqlDataset): string {
  return `sql:${challenge.hash}:${ds.name}`;
}

function recipe(challenge: Challenge, ds: SqlDataset): string[] {
  const key = datasetKey(challenge, ds);
  let data = datasetSqlCache.get(key);
  if (data === undefined) {
    data = ds.sql ?? (ds.generate ? generateInserts(ds.generate) : '');
    datasetSqlCache.set(key, data);
  }
  return [sqlOf(challenge).schema, data];
}

/** Keys of `expected` for a dataset: its name in query mode, `name#1`, `name#2`, ... per verify query. */
export function expectedKeys(challenge: Challenge, ds: SqlDataset): string[] {
  return expectedKeysOf(sqlOf(challenge), ds.name);
}

/** The candidate's (or the reference's) SQL split and checked by PostgreSQL's parser, per the challenge's mode. */
function guard(challenge: Challenge, code: string): Promise<GuardResult> {
  const sql = sqlOf(challenge);
  return sql.mode === 'query' ? checkQuerySql(code) : checkStatementsSql(code, (challenge.meta?.sql as SqlSectionSpec | undefined)?.allow);
}

function runRequest(challenge: Challenge, statements: SqlStatementText[], maxBytes: number) {
  const sql = sqlOf(challenge);
  return {
    op: 'runSql' as const,
    mode: sql.mode,
    statements: statements.map(({ text, offset }) => ({ text, offset })),
    verify: sql.verify,
    maxRows: MAX_ROWS,
    maxBytes,
  };
}

/** Per dataset, every accepted result: the reference's tables first, then each alternative's. */
type Accepted = ResultTable[][];

const expectedCache = new Map<string, Promise<Accepted>>();

/**
 * The reference's (and alternatives') results on one dataset: stored with the challenge, or computed once
 * per process. Results stored before column types were kept are recomputed: typed comparison needs them.
 */
function expectedFor(challenge: Challenge, ds: SqlDataset): Promise<Accepted> {
  const sql = sqlOf(challenge);
  const stored = sql.expected;
  const keys = expectedKeys(challenge, ds);
  const sets = [keys, ...sql.alternatives.map((alt) => keys.map((k) => alternativeKey(k, alt.file)))];
  if (stored && sets.every((set) => set.every((k) => stored[k]?.types))) return Promise.resolve(sets.map((set) => set.map((k) => stored[k])));
  const cacheKey = datasetKey(challenge, ds);
  let p = expectedCache.get(cacheKey);
  if (!p) {
    p = (async () => {
      const out: Accepted = [await runReference(challenge, ds, challenge.solution)];
      for (const alt of sql.alternatives) out.push(await runReference(challenge, ds, alt));
      return out;
    })();
    p.catch(() => expectedCache.delete(cacheKey));
    expectedCache.set(cacheKey, p);
  }
  return p;
}

async function runReference(challenge: Challenge, ds: SqlDataset, solution: { file: string; code: string }): Promise<ResultTable[]> {
  const who = solution === challenge.solution ? 'the reference solution' : `the alternative ${solution.file}`;
  const checked = await guard(challenge, solution.code);
  if (!checked.ok) throw new Error(`${who} is refused: ${checked.problem.message} (line ${checked.problem.line})`);
  const lease = await acquireInstance(datasetKey(challenge, ds), recipe(challenge, ds));
  let out: CallOutcome;
  try {
    out = await lease.call(runRequest(challenge, checked.statements, MAX_LIMITS.outputBytes * 16), { timeoutMs: REFERENCE_TIMEOUT_MS });
    if (out.kind !== 'ok' || !out.result.clean) lease.discard();
  } finally {
    await lease.release();
  }
  // Never the error text: it may quote hidden data, and this message can reach a candidate.
  if (out.kind === 'timeout') throw new Error(`${who} timed out on dataset ${ds.name}`);
  if (out.kind === 'crashed') throw new Error(`${who} crashed the database on dataset ${ds.name}`);
  const r = out.result;
  if (r.error) throw new Error(`${who} failed on dataset ${ds.name} (SQLSTATE ${r.error.code ?? '?'})`);
  if (r.truncated) throw new Error(`${who}'s result on dataset ${ds.name} is over the row or byte cap`);
  return (r.tables ?? []).map(({ columns, types, rows }) => ({ columns, types, rows }));
}

/** The reference (and alternatives') results of every dataset, for validation to store as `challenge.sql.expected`. */
export async function computeExpected(challenge: Challenge): Promise<SqlExpected> {
  const out: SqlExpected = {};
  const sql = sqlOf(challenge);
  const unstored = { ...challenge, sql: { ...sql, expected: undefined } };
  // Every dataset's instance opens now, in parallel (bounded by the host), instead of one after the other.
  for (const ds of sql.datasets) warmInstance(datasetKey(challenge, ds), recipe(challenge, ds));
  for (const ds of sql.datasets) {
    const [reference, ...alternatives] = await expectedFor(unstored, ds);
    expectedKeys(challenge, ds).forEach((k, i) => {
      out[k] = reference[i];
      sql.alternatives.forEach((alt, a) => {
        out[alternativeKey(k, alt.file)] = alternatives[a][i];
      });
    });
  }
  return out;
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position - 1);
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

function describeError(code: string, e: SqlError): string {
  const where = e.position ? (({ line, column }) => ` (line ${line}, column ${column})`)(lineAndColumn(code, e.position)) : '';
  return `ERROR: ${e.message}${where}${e.code ? ` [${e.code}]` : ''}`;
}

function outcome(verdict: TestOutcome['verdict'], cpuMs: number, wallMs: number, detail?: TestDetail): TestOutcome {
  return { verdict, cpuMs, wallMs, ...(detail ? { detail } : {}) };
}

function compareTables(challenge: Challenge, expected: ResultTable[], actual: Table[]): { diff: string[]; firstBad?: { e: ResultTable; a: ResultTable } } {
  const sql = sqlOf(challenge);
  const diff: string[] = [];
  let firstBad: { e: ResultTable; a: ResultTable } | undefined;
  expected.forEach((e, i) => {
    const a = actual[i] ?? { columns: [], types: [], rows: [] };
    const c = compareRows(e, a, sql.compare);
    if (!c.equal) {
      const prefix = sql.mode === 'statements' ? `verify query ${i + 1}: ` : '';
      diff.push(...c.diff.map((d) => prefix + d));
      firstBad ??= { e, a };
    }
  });
  return { diff, firstBad };
}

/** Accepted when the result equals the reference's or an alternative's; the detail always shows the reference's. */
function compareAll(challenge: Challenge, accepted: Accepted, actual: Table[]): { equal: boolean; detail: TestDetail } {
  const sql = sqlOf(challenge);
  const [expected, ...alternatives] = accepted;
  const { diff, firstBad } = compareTables(challenge, expected, actual);
  const equal = diff.length === 0 || alternatives.some((alt) => compareTables(challenge, alt, actual).diff.length === 0);
  const shown = firstBad ?? { e: expected[0], a: actual[0] };
  const detail: TestDetail = {
    columns: { expected: shown.e?.columns, actual: shown.a?.columns },
    expectedRows: shown.e?.rows.slice(0, DETAIL_ROWS),
    actualRows: shown.a?.rows.slice(0, DETAIL_ROWS),
  };
  if (!equal) {
    detail.diff = diff;
    detail.message = sql.mode === 'statements' ? 'the resulting data differs from the expected data' : 'the result differs from the expected result';
  }
  return { equal, detail };
}

/** One run of the candidate's statements on a dataset's instance. */
async function runOnce(challenge: Challenge, ds: SqlDataset, statements: SqlStatementText[], limitMs: number): Promise<CallOutcome> {
  const lease = await acquireInstance(datasetKey(challenge, ds), recipe(challenge, ds));
  try {
    // The instance's after-run checks run after this reply, beside the next dataset's run: the release waits for
    // them, and an instance they find not clean (something outlived the rolled-back transaction) is discarded.
    // This verdict stands either way, since it never depended on them.
    const out = await lease.call({ ...runRequest(challenge, statements, challenge.limits.outputBytes), cleanupAfterReply: true }, { timeoutMs: limitMs });
    if (out.kind !== 'ok') lease.discard();
    return out;
  } finally {
    void lease.release();
  }
}

export const sqlKind: ChallengeKind<PreparedSql> = {
  name: 'sql',
  ...sqlChallenge,
  precomputed: {
    compute: computeExpected,
    stored: (challenge) => challenge.sql?.expected,
    attach: (challenge, expected) => ({ ...challenge, sql: { ...sqlOf(challenge), expected: expected as SqlExpected } }),
  },

  tests(challenge: Challenge): TestCase[] {
    return sqlOf(challenge).datasets.map((d, index) => ({ index, name: d.name, visibility: d.visibility, weight: d.weight }));
  },

  async prepare(challenge: Challenge, submission: Submission): Promise<PreparedSql> {
    const sql = sqlOf(challenge);
    if (submission.language !== 'sql') throw new CompileError(`a SQL challenge takes SQL, not ${submission.language}`);
    const code = submission.code;
    if (Buffer.byteLength(code, 'utf8') > MAX_LIMITS.sourceBytes)
      throw new CompileError(`the submission is longer than ${MAX_LIMITS.sourceBytes / 1024} KB`);
    const checked = await guard(challenge, code);
    if (!checked.ok) throw new CompileError(checked.problem.message, checked.problem.line);
    // Open every dataset's instance now, in parallel with the first test.
    for (const ds of sql.datasets) warmInstance(datasetKey(challenge, ds), recipe(challenge, ds));
    return { challenge, sql: code, statements: checked.statements };
  },

  async runTest(prepared: PreparedSql, test: TestCase): Promise<TestOutcome> {
    const { challenge, sql: code, statements } = prepared;
    const ds = sqlOf(challenge).datasets[test.index];
    const expected = await expectedFor(challenge, ds);
    const limitMs = challenge.limits.cpuMsPerTest;
    // The limit is on wall time, which the platform's own work on the same cores (instances loading for other
    // submissions) can stretch: a run that times out runs once more, on a fresh instance, before time_limit stands.
    let out = await runOnce(challenge, ds, statements, limitMs);
    if (out.kind === 'timeout') out = await runOnce(challenge, ds, statements, limitMs);
    if (out.kind === 'timeout') {
      return outcome('time_limit', limitMs, out.wallMs, { message: `the SQL did not finish within ${limitMs} ms` });
    }
    if (out.kind === 'crashed') {
      if (out.outOfMemory) return outcome('memory_limit', out.wallMs, out.wallMs, { message: 'the SQL used too much memory' });
      return outcome('runtime_error', out.wallMs, out.wallMs, { message: 'the database crashed while running the SQL' });
    }
    const r = out.result;
    const cpuMs = r.ms;
    if (r.error && r.errorIn === 'candidate') return outcome('runtime_error', cpuMs, out.wallMs, { message: describeError(code, r.error) });
    if (r.error) {
      // A verify query failed on what the candidate's statements left (a dropped table, a renamed column).
      return outcome('wrong_answer', cpuMs, out.wallMs, {
        message: 'a verify query failed on the data your statements left',
        diff: [`verify query failed: ${r.error.message}`],
      });
    }
    if (r.truncated) {
      const what = r.truncated === 'rows' ? `more than ${MAX_ROWS} rows` : `more than ${challenge.limits.outputBytes} bytes`;
      return outcome('output_limit', cpuMs, out.wallMs, { message: `the result has ${what}` });
    }
    const { equal, detail } = compareAll(challenge, expected, r.tables ?? []);
    return outcome(equal ? 'accepted' : 'wrong_answer', cpuMs, out.wallMs, detail);
  },

  async dispose(): Promise<void> {
    // Instances are pooled by dataset, not owned by a submission: nothing to release here.
  },
};
