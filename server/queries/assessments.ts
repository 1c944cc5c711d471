// Assessments as staff read them: one with its challenges and invitation states, or a list of them.
import type { Knex } from 'knex';
import type { AssessmentChallengeRow, AssessmentRow, InvitationRow } from '../rows';

export async function challengesOf(knex: Knex, assessmentId: number): Promise<AssessmentChallengeRow[]> {
  return knex('assessment_challenges as ac')
    .join('challenges as c', 'c.id', 'ac.challenge_id')
    .where('ac.assessment_id', assessmentId)
    .orderBy('ac.position')
    .select('c.id', 'c.slug', 'c.title', 'c.kind', 'c.difficulty', 'ac.position');
}

export async function assessmentWithInvitations(knex: Knex, row: AssessmentRow): Promise<{ challenges: AssessmentChallengeRow[]; invitations: InvitationRow[] }> {
  const [challenges, invitations] = await Promise.all([challengesOf(knex, row.id), knex('invitations').where({ assessment_id: row.id }) as Promise<InvitationRow[]>]);
  return { challenges, invitations };
}

/** Assessments newest first (one recruiter's, or everyone's), with each one's challenge count and invitations. */
export async function assessmentList(
  knex: Knex,
  scope: { recruiterId: number } | 'all',
): Promise<Array<{ row: AssessmentRow; challengeCount: number; invitations: InvitationRow[] }>> {
  const q = knex('assessments').orderBy('id', 'desc');
  if (scope !== 'all') q.where({ recruiter_id: scope.recruiterId });
  const rows: AssessmentRow[] = await q;
  const ids = rows.map((r) => r.id);
  const [counts, invitations] = await Promise.all([
    knex('assessment_challenges').whereIn('assessment_id', ids).groupBy('assessment_id').select('assessment_id').count({ n: '*' }),
    knex('invitations').whereIn('assessment_id', ids) as Promise<InvitationRow[]>,
  ]);
  const challengeCount = new Map((counts as Array<{ assessment_id: number; n: string | number }>).map((c) => [Number(c.assessment_id), Number(c.n)]));
  const byAssessment = new Map<number, InvitationRow[]>();
  for (const inv of invitations) byAssessment.set(inv.assessment_id, [...(byAssessment.get(inv.assessment_id) ?? []), inv]);
  return rows.map((row) => ({ row, challengeCount: challengeCount.get(row.id) ?? 0, invitations: byAssessment.get(row.id) ?? [] }));
}
