// What each role may see of a submission and its live events. Candidates never get a hidden test's name or
// detail (input, expected or actual output, diff, console) and see timings in whole milliseconds; recruiters,
// admins and a staff owner get everything. viewOf below is the server's one redaction point: every candidate-facing
// shape (live, replayed, stored) goes through it, and it applies the rule, runner/events.ts's candidateView (stored
// results are turned into the event they were and back). Nothing else in the server redacts.
import { candidateView, type HiddenTestNumbers } from '../../runner/events';
import type { JudgeEvent, SubmissionFinished, TestDetail, TestFinished } from '../../runner/types';
import type { Viewer } from '../auth/access';
import type { StoredEvent } from '../judging/eventBus';
import type { SubmissionRow, TestResultRow } from '../rows';

export type { Viewer };

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

/** A judge event as this viewer may see it. */
export function viewOf<E extends JudgeEvent>(event: E, viewer: Viewer, numbers: HiddenTestNumbers): E {
  return viewer === 'full' ? event : (candidateView(event, numbers) as E);
}

export function presentTestResult(row: TestResultRow, viewer: Viewer, numbers: HiddenTestNumbers = new Map()) {
  const detail = row.detail ? (typeof row.detail === 'string' ? (JSON.parse(row.detail) as TestDetail) : row.detail) : undefined;
  const stored: TestFinished = {
    type: 'test:finished',
    index: row.test_index,
    name: row.name,
    visibility: row.visibility,
    verdict: row.verdict as TestFinished['verdict'],
    points: Number(row.points),
    maxPoints: Number(row.max_points),
    cpuMs: Number(row.cpu_ms),
    wallMs: Number(row.wall_ms),
    ...(detail ? { detail } : {}),
  };
  const { type: _type, ...shown } = viewOf(stored, viewer, numbers);
  return shown;
}

export function presentSubmission(
  row: SubmissionRow,
  extra: { tests: TestResultRow[]; finished?: SubmissionFinished; lastSeq: number; hiddenNumbers?: HiddenTestNumbers },
  viewer: Viewer,
) {
  const numbers = extra.hiddenNumbers ?? new Map<number, number>();
  const finished = extra.finished && viewOf(extra.finished, viewer, numbers);
  return {
    ...presentSubmissionSummary(row),
    code: row.code,
    lastSeq: extra.lastSeq,
    ...(finished?.compileError ? { compileError: finished.compileError } : {}),
    ...(finished?.message ? { message: finished.message } : {}),
    tests: extra.tests.map((t) => presentTestResult(t, viewer, numbers)),
  };
}

/** A live event as sent over Socket.IO: `{submissionId, seq, ...event}`, redacted for candidates. */
export function presentLiveEvent(stored: StoredEvent, viewer: Viewer, numbers: HiddenTestNumbers) {
  const event = stored.event.type === 'submission:queued' ? stored.event : viewOf(stored.event, viewer, numbers);
  return { ...event, submissionId: stored.submissionId, seq: stored.seq };
}
