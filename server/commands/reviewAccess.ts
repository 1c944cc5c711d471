// Who may review what: an admin any assessment, a recruiter only their own. Anything else is a 404, so a
// recruiter never learns that another recruiter's assessment or candidate exists.
import type { Knex } from 'knex';
import type { SessionUser } from '../auth/roles';
import { notFound } from '../errors';
import type { InvitationRow } from './invitationWindow';
import type { AssessmentRow } from '../presenters/assessment';

export async function reviewableAssessment(knex: Knex, user: SessionUser, assessmentId: number): Promise<AssessmentRow> {
  const row: AssessmentRow | undefined = await knex('assessments').where({ id: assessmentId }).first();
  if (!row || (user.role !== 'admin' && row.recruiter_id !== user.id)) throw notFound('assessment not found');
  return row;
}

export async function reviewableInvitation(
  knex: Knex,
  user: SessionUser,
  invitationId: number,
): Promise<{ invitation: InvitationRow; assessment: AssessmentRow }> {
  const invitation: InvitationRow | undefined = await knex('invitations').where({ id: invitationId }).first();
  if (!invitation) throw notFound('invitation not found');
  const assessment: AssessmentRow | undefined = await knex('assessments').where({ id: invitation.assessment_id }).first();
  if (!assessment || (user.role !== 'admin' && assessment.recruiter_id !== user.id)) throw notFound('invitation not found');
  return { invitation, assessment };
}
