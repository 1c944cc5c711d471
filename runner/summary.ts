// The submission:finished event computed from finished tests: shared by the judge and the pool.
import type { SubmissionFinished, TestFinished } from './types';
import { worstOf, type Verdict } from './verdicts';

export function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/**
 * A submission's score, 0..100 with two decimals: the share of points, or with nothing to score (samples only)
 * the share of tests passed. The one formula: the judge's summary and the pool's (a crashed job) both use it.
 */
export function scoreOf(points: number, maxPoints: number, passed: number, total: number): number {
  const score = maxPoints > 0 ? (100 * points) / maxPoints : total > 0 ? (100 * passed) / total : 0;
  return Math.round(score * 100) / 100;
}

/** The submission:finished event for a set of finished tests. */
export function summarize(tests: TestFinished[], total: number, wallMs: number, override?: Verdict, message?: string): SubmissionFinished {
  const points = tests.reduce((sum, t) => sum + t.points, 0);
  const maxPoints = tests.reduce((sum, t) => sum + t.maxPoints, 0);
  const passed = tests.filter((t) => t.verdict === 'accepted').length;
  const verdict = override ?? worstOf(tests.map((t) => t.verdict));
  const event: SubmissionFinished = {
    type: 'submission:finished',
    verdict,
    points,
    maxPoints,
    score: scoreOf(points, maxPoints, passed, total),
    passed,
    total,
    wallMs: round(wallMs),
  };
  if (message !== undefined) event.message = message;
  return event;
}

