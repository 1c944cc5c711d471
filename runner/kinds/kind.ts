// One module per challenge kind behind this interface (DMOJ's executors): a new kind is one new file
// in runner/kinds/ plus its registration in runner/kinds/index.ts and its tests.
import type { Challenge } from '../challenge';
import type { Submission, TestCase, TestDetail } from '../types';
import type { Verdict } from '../verdicts';

export interface TestOutcome {
  verdict: Verdict;
  cpuMs: number;
  wallMs: number;
  detail?: TestDetail;
}

export class CompileError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'CompileError';
  }
}

export interface ChallengeKind<Prepared = unknown> {
  readonly name: 'api' | 'sql';
  /** The tests of a challenge in the order they run. */
  tests(challenge: Challenge): TestCase[];
  /** Compile / set up a submission; throws CompileError for the candidate's own mistakes. */
  prepare(challenge: Challenge, submission: Submission): Promise<Prepared>;
  runTest(prepared: Prepared, test: TestCase): Promise<TestOutcome>;
  /** Always called, in a finally. */
  dispose(prepared: Prepared): Promise<void>;
}
