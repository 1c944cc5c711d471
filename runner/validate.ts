// Challenge validation (`npm run validate`): a challenge is publishable only when its reference solution
// passes every test and each known-wrong solution fails at least one hidden test (else the hidden tests
// are too weak to tell a wrong answer from a right one). The report is plain JSON: the server stores it.
import path from 'node:path';
import { ChallengeFormatError, contentHash, parseChallenge, readChallengeFiles, type Challenge, type SqlExpected } from './challenge';
import { createRunner } from './index';
import { applyAuthorChecks } from './validateWarnings';
import { getKind } from './kinds';
import { languageOfFile, type PrecomputedResults } from './kinds/kind';
import type { JudgeEvent, Runner, SubmissionFinished, TestCase } from './types';
import type { Verdict } from './verdicts';

export interface SolutionRun {
  file: string;
  verdict: Verdict;
  passed: number;
  total: number;
  /** Names of the tests that did not pass. */
  failures: string[];
  failedHidden: number;
  totalHidden: number;
  /** Hidden tests that ran (a run cut short by a limit runs fewer than totalHidden). */
  ranHidden: number;
  wallMs: number;
  /** compile_error / internal_error explanation, when there is one. */
  message?: string;
}

export interface WrongReport {
  file: string;
  verdict: Verdict;
  failedHidden: number;
  totalHidden: number;
  /** Names of the hidden tests it failed: what catches this mistake. */
  caughtBy: string[];
  ok: boolean;
  wallMs: number;
}

export interface ValidationReport {
  slug: string;
  hash: string;
  ok: boolean;
  reference: { file: string; verdict: Verdict | 'not_run'; passed: number; total: number; failures: string[]; wallMs: number };
  wrong: WrongReport[];
  /** The starter, judged on the sample tests: it must at least compile. */
  starter?: { file: string; verdict: Verdict; passed: number; total: number };
  /** SQL challenges: the reference solution's result per dataset, to store with the challenge version. */
  expected?: SqlExpected;
  /** Set when the challenge files do not parse. */
  formatError?: { file: string; field?: string; line?: number; detail: string };
  errors: string[];
  /** Author warnings (runner/validateWarnings.ts): the challenge is valid, but something will hurt. */
  warnings?: string[];
  wallMs: number;
}

export type ValidationProgress =
  | { type: 'solution'; slug: string; role: 'reference' | 'wrong' | 'starter'; run: SolutionRun; ok: boolean }
  | { type: 'challenge'; report: ValidationReport };

export interface ValidateOptions {
  onProgress?: (event: ValidationProgress) => void;
  /**
   * validateChallengeDirs: challenges in flight at once (default 3). Each puts all its solutions in the
   * pool's queue, so a few are enough to keep every pool process busy.
   */
  concurrency?: number;
}

const BROKEN_VERDICTS: ReadonlySet<Verdict> = new Set(['internal_error', 'compile_error']);


async function runSolution(runner: Runner, challenge: Challenge, file: string, code: string, scope: 'samples' | 'all'): Promise<SolutionRun> {
  const tests: Array<Extract<JudgeEvent, { type: 'test:finished' }>> = [];
  let finished: SubmissionFinished | undefined;
  for await (const event of runner.judge(challenge, { code, language: languageOfFile(getKind(challenge.meta.kind), file) }, { scope })) {
    if (event.type === 'test:finished') tests.push(event);
    else if (event.type === 'submission:finished') finished = event;
  }
  if (!finished) throw new Error(`the runner ended without a verdict for ${file}`);
  const hidden = tests.filter((t) => t.visibility === 'hidden');
  const message = finished.compileError?.message ?? finished.message;
  return {
    file,
    verdict: finished.verdict,
    passed: finished.passed,
    total: finished.total,
    failures: tests.filter((t) => t.verdict !== 'accepted').map((t) => t.name),
    failedHidden: hidden.filter((t) => t.verdict !== 'accepted').length,
    // Every hidden test in scope, run or not: a run cut short must not look like one that passed them all.
    totalHidden: scope === 'all' ? hiddenTestCount(challenge) : 0,
    ranHidden: hidden.length,
    // The judge's own time, not the time spent waiting for a free pool process.
    wallMs: Math.round(finished.wallMs),
    ...(message !== undefined ? { message } : {}),
  };
}

function hiddenTests(challenge: Challenge): TestCase[] {
  return getKind(challenge.meta.kind).tests(challenge).filter((t) => t.visibility === 'hidden');
}

function hiddenTestCount(challenge: Challenge): number {
  return hiddenTests(challenge).length;
}

let expectedQueue: Promise<unknown> = Promise.resolve();

/**
 * One challenge at a time: the SQL reference runs on PGlite instances that cost hundreds of MB each. A runner
 * that offers it (the pool) computes SQL results in a child process of their own; otherwise the kind does, here.
 */
function computeExpected(challenge: Challenge, runner: Runner, precomputed: PrecomputedResults): Promise<unknown> {
  const run = expectedQueue.then(async () => {
    if (challenge.sql && runner.computeSqlExpected) return runner.computeSqlExpected(challenge);
    return precomputed.compute(challenge);
  });
  expectedQueue = run.catch(() => undefined);
  return run;
}

/** Runs `task` over `items` with at most `limit` in flight, keeping the order of the results. */
async function mapLimited<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function failedReport(challenge: Challenge, errors: string[], wallMs: number): ValidationReport {
  return {
    slug: challenge.slug,
    hash: challenge.hash,
    ok: false,
    reference: { file: challenge.solution.file, verdict: 'not_run', passed: 0, total: 0, failures: [], wallMs: 0 },
    wrong: [],
    errors,
    wallMs,
  };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Validate a parsed challenge. Without a runner, a pool is created for this call and closed after it. */
export async function validateChallenge(challenge: Challenge, runner?: Runner, options: ValidateOptions = {}): Promise<ValidationReport> {
  const own = runner ? undefined : createRunner();
  try {
    return await validateWith(runner ?? own!, challenge, options);
  } finally {
    await own?.close();
  }
}

async function validateWith(runner: Runner, challenge: Challenge, options: ValidateOptions): Promise<ValidationReport> {
  const started = performance.now();
  if (challenge.sql && runner.validateSqlChallenge) {
    const delegated = runner.validateSqlChallenge;
    // One SQL challenge at a time, like the reference results: each holds an instance per dataset.
    const run = expectedQueue.then(() => delegated.call(runner, challenge, options.onProgress));
    expectedQueue = run.catch(() => undefined);
    try {
      return await run;
    } catch (err) {
      const report = failedReport(challenge, [`the validation process failed: ${errorText(err)}`], Math.round(performance.now() - started));
      options.onProgress?.({ type: 'challenge', report });
      return report;
    }
  }
  const slug = challenge.slug;
  const errors: string[] = [];
  const report: ValidationReport = {
    slug,
    hash: challenge.hash,
    ok: false,
    reference: { file: challenge.solution.file, verdict: 'not_run', passed: 0, total: 0, failures: [], wallMs: 0 },
    wrong: [],
    errors,
    wallMs: 0,
  };
  const progress = options.onProgress ?? (() => {});

  if (hiddenTestCount(challenge) === 0) errors.push('there are no hidden tests');
  if (challenge.wrong.length === 0) errors.push('there are no wrong/ solutions: the strength of the hidden tests cannot be checked');

  const precomputed = getKind(challenge.meta.kind).precomputed;
  if (precomputed) {
    try {
      report.expected = (await computeExpected(challenge, runner, precomputed)) as SqlExpected;
      // Judged against the stored results, exactly as published submissions will be.
      challenge = precomputed.attach(challenge, report.expected);
    } catch (err) {
      errors.push(`computing the expected results failed: ${errorText(err)}`);
      report.wallMs = Math.round(performance.now() - started);
      progress({ type: 'challenge', report });
      return report;
    }
  }

  const judged = (file: string, code: string, scope: 'samples' | 'all') =>
    runSolution(runner, challenge, file, code, scope).catch((err: unknown) => {
      errors.push(`${file}: the runner failed: ${errorText(err)}`);
      return undefined;
    });

  // Everything goes to the pool at once: it runs as many as it has processes.
  const referenceRun = judged(challenge.solution.file, challenge.solution.code, 'all').then((run) => {
    if (!run) return;
    report.reference = { file: run.file, verdict: run.verdict, passed: run.passed, total: run.total, failures: run.failures, wallMs: run.wallMs };
    const ok = run.verdict === 'accepted';
    if (!ok) {
      const why = run.message ? `: ${run.message}` : run.failures.length > 0 ? `; failing: ${run.failures.join(', ')}` : '';
      errors.push(`the reference ${run.file} is ${run.verdict} (${run.passed}/${run.total} passed)${why}`);
    }
    progress({ type: 'solution', slug, role: 'reference', run, ok });
  });

  const wrongRuns = challenge.wrong.map(async ({ file, code }) => {
    const run = await judged(file, code, 'all');
    if (!run) return undefined;
    const broken = BROKEN_VERDICTS.has(run.verdict);
    const cutShort = run.failedHidden === 0 && run.ranHidden < run.totalHidden;
    const ok = !broken && !cutShort && run.failedHidden > 0;
    if (broken) errors.push(`${file} is ${run.verdict}, so it tests nothing${run.message ? `: ${run.message}` : ''}`);
    else if (cutShort)
      errors.push(`${file}: only ${run.ranHidden} of ${run.totalHidden} hidden tests ran (${run.verdict}${run.message ? `: ${run.message}` : ''}), so whether they catch it is unknown`);
    else if (!ok) errors.push(`${file} passes every hidden test (${run.totalHidden}): the hidden tests do not catch it`);
    progress({ type: 'solution', slug, role: 'wrong', run, ok });
    const hiddenNames = new Set(hiddenTests(challenge).map((t) => t.name));
    const result: WrongReport = {
      file,
      verdict: run.verdict,
      failedHidden: run.failedHidden,
      totalHidden: run.totalHidden,
      caughtBy: run.failures.filter((name) => hiddenNames.has(name)),
      ok,
      wallMs: run.wallMs,
    };
    return result;
  });

  const starterRun = judged(challenge.starter.file, challenge.starter.code, 'samples').then((run) => {
    if (!run) return;
    report.starter = { file: run.file, verdict: run.verdict, passed: run.passed, total: run.total };
    const ok = !BROKEN_VERDICTS.has(run.verdict);
    if (!ok) errors.push(`the starter ${run.file} is ${run.verdict}${run.message ? `: ${run.message}` : ''}`);
    progress({ type: 'solution', slug, role: 'starter', run, ok });
  });

  const [, wrong] = await Promise.all([referenceRun, Promise.all(wrongRuns), starterRun]);
  report.wrong = wrong.filter((w): w is WrongReport => w !== undefined);
  applyAuthorChecks(challenge, report);
  report.ok = errors.length === 0;
  report.wallMs = Math.round(performance.now() - started);
  progress({ type: 'challenge', report });
  return report;
}

/** A report for a challenge whose files do not parse: names the file, the field and the line. The CLI's folders
 * and the server's stored versions both report it this way. */
export function formatErrorReport(slug: string, hash: string, err: ChallengeFormatError, wallMs: number): ValidationReport {
  return {
    slug,
    hash,
    ok: false,
    reference: { file: 'solution', verdict: 'not_run', passed: 0, total: 0, failures: [], wallMs: 0 },
    wrong: [],
    formatError: {
      file: err.file,
      ...(err.field !== undefined ? { field: err.field } : {}),
      ...(err.line !== undefined ? { line: err.line } : {}),
      detail: err.detail,
    },
    errors: [err.message],
    wallMs,
  };
}

/** Load a challenge folder and validate it; a format error becomes a failed report, not an exception. */
export async function validateChallengeDir(dir: string, runner?: Runner, options: ValidateOptions = {}): Promise<ValidationReport> {
  const started = performance.now();
  let hash = '';
  let challenge: Challenge;
  let files: Awaited<ReturnType<typeof readChallengeFiles>>;
  try {
    files = await readChallengeFiles(dir);
    hash = contentHash(files);
    challenge = parseChallenge(files);
  } catch (err) {
    if (!(err instanceof ChallengeFormatError)) throw err;
    const report = formatErrorReport(path.basename(dir), hash, err, Math.round(performance.now() - started));
    options.onProgress?.({ type: 'challenge', report });
    return report;
  }
  if (challenge.slug !== path.basename(dir)) {
    const line = files['challenge.yaml'].split('\n').findIndex((l) => /^slug\s*:/.test(l)) + 1;
    const err = new ChallengeFormatError('challenge.yaml', 'slug', line || undefined, `the slug "${challenge.slug}" differs from the folder name "${path.basename(dir)}"`);
    const report = formatErrorReport(path.basename(dir), hash, err, Math.round(performance.now() - started));
    options.onProgress?.({ type: 'challenge', report });
    return report;
  }
  return validateChallenge(challenge, runner, options);
}

/** Validate several challenge folders concurrently through one runner (created here when not given). */
export async function validateChallengeDirs(dirs: string[], runner?: Runner, options: ValidateOptions = {}): Promise<ValidationReport[]> {
  const own = runner ? undefined : createRunner();
  try {
    return await mapLimited(dirs, Math.max(1, options.concurrency ?? 3), (dir) => validateChallengeDir(dir, runner ?? own!, options));
  } finally {
    await own?.close();
  }
}
