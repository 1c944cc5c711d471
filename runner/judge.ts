// judge(challenge, submission) -> a stream of events, in-process: prepare -> run each test -> dispose
// (in a finally). Used inside pool child processes, by the CLI with --in-process and by validation.
import type { Challenge } from './challenge';
import { DetailCap } from './detailCap';
import { getKind } from './kinds';
import { CompileError } from './kinds/kind';
import type { JudgeEvent, JudgeOptions, Submission, SubmissionFinished, TestCase, TestFinished } from './types';
import { round, summarize } from './summary';

export { summarize };

/**
 * In-process only, for the runner's own tests: never part of JudgeOptions, which cross process boundaries
 * and come from callers (nothing a candidate sends can reach these).
 */
export interface JudgeTestHooks {
  /** Runs the tests in another order (the proof that a test's result does not depend on those before it). */
  order?: (tests: TestCase[]) => TestCase[];
}

/** The tests a job runs: all of them, or the samples only (a candidate's "run"). The pool plans with the same list. */
export function testsInScope(challenge: Challenge, scope: JudgeOptions['scope']): TestCase[] {
  return getKind(challenge.meta.kind).tests(challenge).filter((t) => scope !== 'samples' || t.visibility === 'sample');
}

export async function* judge(
  challenge: Challenge,
  submission: Submission,
  options: JudgeOptions = {},
  hooks: JudgeTestHooks = {},
): AsyncIterable<JudgeEvent> {
  const started = performance.now();
  const detailCap = new DetailCap();
  const finished: TestFinished[] = [];
  let total = 0;
  let prepared: unknown;
  let kind;
  try {
    kind = getKind(challenge.meta.kind);
    let tests = testsInScope(challenge, options.scope);
    if (hooks.order) tests = hooks.order(tests);
    total = tests.length;
    try {
      prepared = await kind.prepare(challenge, submission);
    } catch (err) {
      // By name too: a module loaded twice (CJS and ESM under a test runner) has two CompileError classes.
      if (!(err instanceof CompileError) && (err as Error | undefined)?.name !== 'CompileError') throw err;
      yield {
        ...summarize([], total, performance.now() - started, 'compile_error'),
        passed: 0,
        compileError: { message: (err as CompileError).message, line: (err as CompileError).line, column: (err as CompileError).column },
      };
      return;
    }
    for (const test of tests) {
      yield { type: 'test:started', index: test.index, name: test.name, visibility: test.visibility };
      const outcome = await kind.runTest(prepared, test);
      const event: TestFinished = {
        type: 'test:finished',
        index: test.index,
        name: test.name,
        visibility: test.visibility,
        verdict: outcome.verdict,
        points: outcome.verdict === 'accepted' ? test.weight : 0,
        maxPoints: test.weight,
        cpuMs: round(outcome.cpuMs),
        wallMs: round(outcome.wallMs),
      };
      if (outcome.detail) event.detail = detailCap.cap(outcome.detail);
      finished.push(event);
      yield event;
    }
    yield summarize(finished, total, performance.now() - started);
  } catch (err) {
    // Never the error text itself: it may quote hidden test content.
    process.stderr.write(`judge: internal error on ${challenge.slug}: ${err instanceof Error ? err.stack : String(err)}\n`);
    yield summarize(finished, total, performance.now() - started, 'internal_error', 'the runner failed while judging this submission');
  } finally {
    if (kind && prepared !== undefined) {
      try {
        await kind.dispose(prepared);
      } catch (err) {
        process.stderr.write(`judge: dispose failed: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
  }
}

export interface JudgeResult {
  events: JudgeEvent[];
  finished: SubmissionFinished;
}

/** Judge in-process and collect the events. */
export function judgeToResult(challenge: Challenge, submission: Submission, options?: JudgeOptions, hooks?: JudgeTestHooks): Promise<JudgeResult> {
  return collectEvents(judge(challenge, submission, options, hooks));
}

/** Collect any judge stream (in-process or from a Runner): every event, and the submission:finished one. */
export async function collectEvents(events: AsyncIterable<JudgeEvent>): Promise<JudgeResult> {
  const all: JudgeEvent[] = [];
  let finished: SubmissionFinished | undefined;
  for await (const event of events) {
    all.push(event);
    if (event.type === 'submission:finished') finished = event;
  }
  if (!finished) throw new Error('the judge ended without a submission:finished event');
  return { events: all, finished };
}
