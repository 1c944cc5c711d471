// Invitations as staff read them: an assessment's invitations, one invitation's runs and submissions, and the
// best finished submit score per invitation and challenge.
import type { Knex } from 'knex';
import { bestScores } from '../presenters/invitation';
import type { InvitationRow, SubmissionRow } from '../rows';

export async function scoresOf(knex: Knex, invitationIds: number[]) {
  const rows = await knex('submissions')
    .whereIn('invitation_id', invitationIds)
    .where({ mode: 'submit', status: 'finished' })
    .select('id', 'invitation_id', 'challenge_id', 'score', 'points', 'max_points', 'verdict');
  return bestScores(rows);
}

export function invitationsOf(knex: Knex, assessmentId: number): Promise<InvitationRow[]> {
  return knex('invitations').where({ assessment_id: assessmentId }).orderBy('id');
}

/** An invitation's runs and submissions, newest first. */
export function submissionsOf(knex: Knex, invitationId: number): Promise<SubmissionRow[]> {
  return knex('submissions').where({ invitation_id: invitationId }).orderBy('id', 'desc');
}
