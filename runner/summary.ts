// The submission:finished event computed from finished tests: shared by the judge and the pool.
import type { SubmissionFinished, TestFinished } from './types';
import { worstOf, type Verdict } from './verdicts';

export function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** The submission:finished event for a set of finished tests. */
export function summarize(tests: TestFinished[], total: number, wallMs: number, override?: Verdict, message?: string): SubmissionFinished {
  const points = tests.reduce((sum, t) => sum + t.points, 0);
  const maxPoints = tests.reduce((sum, t) => sum + t.maxPoints, 0);
  const passed = tests.filter((t) => t.verdict === 'accepted').length;
  const verdict = override ?? worstOf(tests.map((t) => t.verdict));
  // With nothing to score (samples only), the score is the share of tests passed.
  const score = maxPoints > 0 ? (100 * points) / maxPoints : total > 0 ? (100 * passed) / total : 0;
  const event: SubmissionFinished = {
    type: 'submission:finished',
    verdict,
    points,
    maxPoints,
    score: Math.round(score * 100) / 100,
    passed,
    total,
    wallMs: round(wallMs),
  };
  if (message !== undefined) event.message = message;
  return event;
}

