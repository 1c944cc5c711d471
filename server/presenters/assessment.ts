// Assessments for recruiters, and the candidate's own view of theirs. The candidate's view of a challenge is
// built here from sample material only (statement, starter, and the kind's public samples): hidden tests,
// hidden datasets, the reference and wrong solutions never leave this file.
// candidateChallengeContent is the one place a challenge is presented to a candidate.
import type { Challenge } from '../../runner/challenge';
import { getKind } from '../../runner/kinds';
import type { Language } from '../../runner/types';
import type { InvitationState } from '../queries/invitationWindow';
import { invitationState } from '../queries/invitationWindow';
import type { AssessmentChallengeRow, AssessmentRow, InvitationRow } from '../rows';
import type { BestScore } from '../queries/invitations';

const iso = (v: Date | string | null | undefined) => (v ? new Date(v).toISOString() : null);

export function emptyCounts(): Record<InvitationState, number> {
  return { invited: 0, started: 0, finished: 0, expired: 0, revoked: 0 };
}

export function countStates(invitations: InvitationRow[], now = Date.now()): Record<InvitationState, number> {
  const counts = emptyCounts();
  for (const inv of invitations) counts[invitationState(inv, now)]++;
  return counts;
}

export function presentAssessmentSummary(row: AssessmentRow, challengeCount: number, counts: Record<InvitationState, number>) {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    timeLimitMinutes: row.time_limit_minutes,
    recruiterId: row.recruiter_id,
    createdAt: iso(row.created_at),
    archivedAt: iso(row.archived_at),
    challengeCount,
    invitationCounts: counts,
  };
}

/** GET /api/assessments as the recruiter's list receives it. */
export type AssessmentSummaryView = ReturnType<typeof presentAssessmentSummary>;

export function presentAssessment(row: AssessmentRow, challenges: AssessmentChallengeRow[], counts: Record<InvitationState, number>) {
  return {
    ...presentAssessmentSummary(row, challenges.length, counts),
    challenges: challenges.map((c) => ({ id: c.id, slug: c.slug, title: c.title, kind: c.kind, difficulty: c.difficulty, position: c.position })),
  };
}

/** GET /api/assessments/:id as the recruiter's page receives it. */
export type AssessmentView = ReturnType<typeof presentAssessment>;

/** The languages a challenge of this kind accepts, the first being the default (its registered kind's). */
export function languagesFor(kind: string): Language[] {
  return [...getKind(kind).languages];
}

/**
 * A pinned challenge version as its candidate sees it: statement, starter, and the kind's public samples
 * (runner/kinds: publicSamples, the same view a recruiter's public page gets).
 */
export function candidateChallengeContent(challenge: Challenge) {
  return {
    statement: challenge.statement,
    starter: { file: challenge.starter.file, code: challenge.starter.code },
    samples: getKind(challenge.meta.kind).publicSamples(challenge),
  };
}

export interface CandidateChallengeInput {
  row: AssessmentChallengeRow;
  /** Loaded only once the candidate has started (pinned version). */
  challenge?: Challenge;
  draft?: { code: string; updated_at: Date | string };
  best?: BestScore;
}

export function presentCandidateAssessment(inv: InvitationRow, assessment: AssessmentRow, challenges: CandidateChallengeInput[], now = Date.now()) {
  const state = invitationState(inv, now);
  return {
    invitationId: inv.id,
    title: assessment.title,
    description: assessment.description,
    timeLimitMinutes: assessment.time_limit_minutes,
    state,
    startedAt: iso(inv.started_at),
    deadlineAt: iso(inv.deadline_at),
    finishedAt: iso(inv.finished_at),
    now: new Date(now).toISOString(),
    challenges: challenges.map(({ row, challenge, draft, best }) => {
      const head = { id: row.id, title: row.title, kind: row.kind, difficulty: row.difficulty, position: row.position };
      if (!challenge) return head;
      return {
        ...head,
        slug: row.slug,
        languages: languagesFor(row.kind),
        editorMode: getKind(row.kind).editorMode,
        playground: getKind(row.kind).playground ?? null,
        ...candidateChallengeContent(challenge),
        draft: draft ? { code: draft.code, updatedAt: iso(draft.updated_at) } : null,
        best: best ?? null,
      };
    }),
  };
}

/** GET /api/candidate/assessment as the candidate's page receives it. */
export type CandidateAssessmentView = ReturnType<typeof presentCandidateAssessment>;
