// Assessments for recruiters, and the candidate's own view of theirs. The candidate's view of a challenge is
// built here from sample material only (statement, starter, sample tests / sample datasets): hidden tests,
// hidden datasets, the reference and wrong solutions never leave this file.
// candidateChallengeContent is the one place a challenge is presented to a candidate.
import type { Challenge } from '../../runner/challenge';
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

export function languagesFor(kind: 'api' | 'sql'): Array<'typescript' | 'javascript' | 'sql'> {
  return kind === 'sql' ? ['sql'] : ['typescript', 'javascript'];
}

/** A pinned challenge version as its candidate sees it: statement, starter, sample tests or sample datasets. */
export function candidateChallengeContent(challenge: Challenge) {
  const base = { statement: challenge.statement, starter: { file: challenge.starter.file, code: challenge.starter.code } };
  if (challenge.api) {
    return {
      ...base,
      samples: {
        tests: challenge.api.tests
          .filter((t) => t.visibility === 'sample')
          .map((t) => ({
            name: t.name,
            steps: t.steps.map((s) => ({
              ...(s.clock !== undefined ? { clock: s.clock } : {}),
              ...(s.advanceMs !== undefined ? { advanceMs: s.advanceMs } : {}),
              request: s.request,
              expect: s.expect,
            })),
          })),
      },
    };
  }
  const sql = challenge.sql!;
  return {
    ...base,
    samples: {
      mode: sql.mode,
      schema: sql.schema,
      datasets: sql.datasets
        .filter((d) => d.visibility === 'sample')
        .map((d) => ({
          name: d.name,
          ...(d.sql !== undefined ? { sql: d.sql } : {}),
          ...(d.generate ? { generate: d.generate } : {}),
          ...(sql.expected?.[d.name] ? { expected: sql.expected[d.name] } : {}),
        })),
      // Columns match by position: the candidate must know the order (names are only a hint then).
      ...(!sql.compare.columnNames && sql.mode === 'query' && sql.expected?.[sql.datasets[0]?.name]
        ? { columnOrder: sql.expected[sql.datasets[0].name].columns }
        : {}),
    },
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
        ...candidateChallengeContent(challenge),
        draft: draft ? { code: draft.code, updatedAt: iso(draft.updated_at) } : null,
        best: best ?? null,
      };
    }),
  };
}

/** GET /api/candidate/assessment as the candidate's page receives it. */
export type CandidateAssessmentView = ReturnType<typeof presentCandidateAssessment>;
