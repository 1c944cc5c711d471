// What each role may see of a submission and its live events. Candidates never get a hidden test's detail
// (input, expected or actual output, diff, console); recruiters and admins get everything.
import { candidateView } from '../../runner/events';
import type { JudgeEvent, SubmissionFinished, TestDetail } from '../../runner/types';
import type { StoredEvent } from '../judging/eventBus';
import type { SubmissionRow } from '../commands/submissionCreator';

export type Viewer = 'candidate' | 'full';

export interface TestResultRow {
  test_index: number;
  name: string;
  visibility: 'sample' | 'hidden';
  verdict: string;
  points: number;
  max_points: number;
  cpu_ms: number;
  wall_ms: number;
  detail: TestDetail | string | null;
}

const iso = (v: Date | string | null | undefined) => (v ? new Date(v).toISOString() : null);
const num = (v: number | string | null) => (v === null ? null : Number(v));

export function presentSubmissionSummary(row: SubmissionRow) {
  return {
    id: row.id,
    invitationId: row.invitation_id,
    challengeId: row.challenge_id,
    mode: row.mode,
    language: row.language,
    status: row.status,
    verdict: row.verdict,
    score: num(row.score),
    points: num(row.points),
    maxPoints: num(row.max_points),
    createdAt: iso(row.created_at),
    finishedAt: iso(row.finished_at),
  };
}

export type SubmissionSummaryView = ReturnType<typeof presentSubmissionSummary>;

export function presentTestResult(row: TestResultRow, viewer: Viewer) {
  const base = {
    index: row.test_index,
    name: row.name,
    visibility: row.visibility,
    verdict: row.verdict,
    points: Number(row.points),
    maxPoints: Number(row.max_points),
    cpuMs: Number(row.cpu_ms),
    wallMs: Number(row.wall_ms),
  };
  if (viewer === 'candidate' && row.visibility === 'hidden') return base;
  if (!row.detail) return base;
  return { ...base, detail: typeof row.detail === 'string' ? (JSON.parse(row.detail) as TestDetail) : row.detail };
}

export function presentSubmission(
  row: SubmissionRow,
  extra: { tests: TestResultRow[]; finished?: SubmissionFinished; lastSeq: number },
  viewer: Viewer,
) {
  return {
    ...presentSubmissionSummary(row),
    code: row.code,
    lastSeq: extra.lastSeq,
    ...(extra.finished?.compileError ? { compileError: extra.finished.compileError } : {}),
    ...(extra.finished?.message ? { message: extra.finished.message } : {}),
    tests: extra.tests.map((t) => presentTestResult(t, viewer)),
  };
}

/** A live event as sent over Socket.IO: `{submissionId, seq, ...event}`, redacted for candidates. */
export function presentLiveEvent(stored: StoredEvent, viewer: Viewer) {
  const event = stored.event.type === 'submission:queued' || viewer === 'full' ? stored.event : candidateView(stored.event as JudgeEvent);
  return { ...event, submissionId: stored.submissionId, seq: stored.seq };
}
