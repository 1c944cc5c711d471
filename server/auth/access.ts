// Who may reach a submission (its code, results, judgements, live events), and how much of it: the one viewer
// rule every route and socket message goes through. Its candidate gets the redacted view; the recruiter of its
// assessment, an admin, or a staff owner (an author's own run) everything. Anyone else is told it does not
// exist (404), so nobody learns that another candidate's submission, assessment or invitation is there.
import type { Knex } from 'knex';
import type { SessionUser } from './roles';
import { notFound } from '../errors';
import type { AssessmentRow, InvitationRow } from '../rows';

export type Viewer = 'candidate' | 'full';

/** An assessment's staff: its recruiter and admins. Authors review nobody's candidates. */
export function isAssessmentStaff(user: SessionUser, recruiterId: number | null | undefined): boolean {
  return user.role === 'admin' || (user.role === 'recruiter' && recruiterId != null && recruiterId === user.id);
}

/** The rule itself, on what it needs to know about a submission. */
export function viewerOf(user: SessionUser, submission: { ownerId: number; recruiterId: number | null }): Viewer | null {
  if (user.role === 'admin') return 'full';
  if (submission.ownerId === user.id) return user.role === 'candidate' ? 'candidate' : 'full';
  if (isAssessmentStaff(user, submission.recruiterId)) return 'full';
  return null;
}

export interface SubmissionAccess {
  viewer: Viewer;
  /** The version its live events were judged against (the first judgement's), for numbering hidden tests. */
  liveVersionId: number;
}

export async function submissionAccess(knex: Knex, user: SessionUser, submissionId: number): Promise<SubmissionAccess | null> {
  const row = await knex('submissions as s')
    .leftJoin('invitations as i', 'i.id', 's.invitation_id')
    .leftJoin('assessments as a', 'a.id', 'i.assessment_id')
    .where('s.id', submissionId)
    .first(
      's.user_id',
      'a.recruiter_id',
      knex.raw('coalesce((select j.challenge_version_id from judgements j where j.submission_id = s.id order by j.id limit 1), s.challenge_version_id) as live_version_id'),
    );
  if (!row) return null;
  const viewer = viewerOf(user, { ownerId: row.user_id, recruiterId: row.recruiter_id });
  return viewer ? { viewer, liveVersionId: Number(row.live_version_id) } : null;
}

export async function submissionViewer(knex: Knex, user: SessionUser, submissionId: number): Promise<Viewer | null> {
  return (await submissionAccess(knex, user, submissionId))?.viewer ?? null;
}

/** The submission as its viewer, or a 404 for anyone the rule refuses. */
export async function visibleSubmission(knex: Knex, user: SessionUser, submissionId: number): Promise<SubmissionAccess> {
  const access = await submissionAccess(knex, user, submissionId);
  if (!access) throw notFound('submission not found');
  return access;
}

export async function reviewableAssessment(knex: Knex, user: SessionUser, assessmentId: number): Promise<AssessmentRow> {
  const row: AssessmentRow | undefined = await knex('assessments').where({ id: assessmentId }).first();
  if (!row || !isAssessmentStaff(user, row.recruiter_id)) throw notFound('assessment not found');
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
  if (!assessment || !isAssessmentStaff(user, assessment.recruiter_id)) throw notFound('invitation not found');
  return { invitation, assessment };
}
