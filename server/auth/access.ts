// Who may reach a submission (its code, results, judgements, live events), and how much of it: the one viewer
// rule every route and socket message goes through. Its candidate gets the redacted view; the recruiter of its
// assessment, an admin, or a staff owner (an author's own run) everything. Anyone else is told it does not
// exist (404), so nobody learns that another candidate's submission, assessment or invitation is there.
import type { Knex } from 'knex';
import type { SessionUser } from './roles';
import { notFound } from '../errors';
import type { InvitationRow } from '../commands/invitationWindow';
import type { AssessmentRow } from '../presenters/assessment';

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

// ---- Personal API tokens (issue 18, ATS integration) --------------------------------------------------------

export const API_TOKEN_SCOPES = ['read', 'write'] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];
/** Who may hold a token: the people an ATS acts for. */
export const API_TOKEN_ROLES = ['recruiter', 'admin'] as const;

// What a token reaches: the hiring data (assessments, invitations, results, submissions, the challenge list to
// build assessments from) and webhooks. Logging in, tokens themselves, accounts and the candidate pages need
// a session: a leaked token can neither mint another token nor outlive its revocation through a new one.
const TOKEN_ROUTES: Array<{ path: RegExp; methods: 'read' | 'any' }> = [
  { path: /^\/assessments(\/|$)/, methods: 'any' },
  { path: /^\/invitations\/\d+(\/|$)/, methods: 'any' },
  { path: /^\/submissions\/\d+(\/|$)/, methods: 'read' },
  { path: /^\/challenges(\/|$)/, methods: 'read' },
  { path: /^\/webhooks(\/|$)/, methods: 'any' },
  { path: /^\/(me|openapi\.json)$/, methods: 'read' },
];

const READ_METHODS = new Set(['GET', 'HEAD']);

/** Why a token may not make this request (a 403 message), or null when it may. `path` is relative to /api. */
export function apiTokenMayCall(token: { role: string; scopes: readonly ApiTokenScope[] }, method: string, path: string): string | null {
  if (!(API_TOKEN_ROLES as readonly string[]).includes(token.role)) return 'API tokens are for recruiters and admins';
  const read = READ_METHODS.has(method);
  const rule = TOKEN_ROUTES.find((r) => r.path.test(path));
  if (!rule || (!read && rule.methods === 'read')) return 'this route needs a logged-in session, not an API token';
  const needed: ApiTokenScope = read ? 'read' : 'write';
  if (!token.scopes.includes(needed)) return `this token lacks the "${needed}" scope`;
  return null;
}

/** A webhook on an assessment belongs to its staff; an account hook to its owner (admins see every hook). */
export function mayManageWebhook(user: SessionUser, hook: { owner_id: number }): boolean {
  return user.role === 'admin' || hook.owner_id === user.id;
}
