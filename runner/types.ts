// The contract between the runner and whoever drives it (the server, the CLI, validation, benchmarks).
// Everything here is plain JSON so it can cross a process boundary unchanged.
import type { Verdict } from './verdicts';
import type { Challenge, SqlExpected } from './challenge';
import type { ValidationProgress, ValidationReport } from './validate';

export type Visibility = 'sample' | 'hidden';
export type Language = 'typescript' | 'javascript' | 'sql';

export interface Submission {
  code: string;
  language: Language;
}

export interface JudgeOptions {
  /** 'samples' runs only sample tests (the candidate's "Run" button); 'all' is a scored submission. */
  scope?: 'samples' | 'all';
}

/** One test as the judge schedules it, whatever the kind. */
export interface TestCase {
  index: number;
  name: string;
  visibility: Visibility;
  weight: number;
}

export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * Full detail of a test, for recruiters and authors. For a hidden test it never reaches a candidate:
 * see candidateView() in runner/events.ts.
 */
export interface TestDetail {
  /** Set when the detail was cut to fit a stored-size cap: the runner's (runner/detailCap.ts) or the server's, per test and per submission. */
  truncated?: boolean;
  message?: string;
  console?: string;
  /** API kind: one entry per step. */
  steps?: Array<{
    request: unknown;
    expected?: unknown;
    actual?: unknown;
    diff?: string[];
    passed: boolean;
  }>;
  /** SQL kind: a human-readable comparison. */
  diff?: string[];
  expectedRows?: unknown[];
  actualRows?: unknown[];
  columns?: { expected?: string[]; actual?: string[] };
}

export type JudgeEvent =
  | { type: 'test:started'; index: number; name: string; visibility: Visibility }
  | {
      type: 'test:finished';
      index: number;
      name: string;
      visibility: Visibility;
      verdict: Verdict;
      points: number;
      maxPoints: number;
      cpuMs: number;
      wallMs: number;
      detail?: TestDetail;
    }
  | {
      type: 'submission:finished';
      verdict: Verdict;
      points: number;
      maxPoints: number;
      /** 0..100, points / maxPoints of the tests that were run */
      score: number;
      passed: number;
      total: number;
      wallMs: number;
      /** Set for compile_error: message with the candidate's own line and column. */
      compileError?: { message: string; line?: number; column?: number };
      /** Set for internal_error: a message safe to show (never hidden test content). */
      message?: string;
    };

export type TestFinished = Extract<JudgeEvent, { type: 'test:finished' }>;
export type SubmissionFinished = Extract<JudgeEvent, { type: 'submission:finished' }>;

/** What the server (or CLI) needs from a runner: judge a submission as a stream of events. */
export interface Runner {
  judge(challenge: Challenge, submission: Submission, options?: JudgeOptions): AsyncIterable<JudgeEvent>;
  /** A SQL challenge's reference results, for validation; without it, validation computes them in-process. */
  computeSqlExpected?(challenge: Challenge): Promise<SqlExpected>;
  /**
   * Validate a SQL challenge (reference results, reference, wrong solutions, starter) in one process, so every
   * run shares one loaded instance per dataset; without it, validation spreads the runs over the runner.
   */
  validateSqlChallenge?(challenge: Challenge, onProgress?: (event: ValidationProgress) => void): Promise<ValidationReport>;
  /** Validations are coming (a library sync): start what they run in now, so its start-up overlaps the caller's. */
  prewarmValidation?(): void;
  close(): Promise<void>;
}
