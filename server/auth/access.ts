// Every access rule of the server, in one file: who may reach which assessment, invitation, submission and
// challenge, and when a candidate may still work. Routes and socket messages call these; nothing else decides.
// The shape of every answer: a resource that is not the caller's is a 404, never a 403, so nobody learns that
// another recruiter's assessment or another candidate's submission exists. (Which role may call a route at all
// is declared on the route, `auth: [...]`, and checked by server/http/route.ts; 403 is for that.)
import type { Knex } from 'knex';
import type { SessionUser } from './roles';
import {
  assessmentFinished,
  deadlinePassed,
  forbidden,
  invitationExpired,
  invitationOver,
  invitationRevoked,
  notFound,
  notStarted,
} from '../errors';
import { findVersion, latestVersion } from '../challenges/versionStore';
import { invitationState, timedOut } from '../queries/invitationWindow';
import type { AssessmentChallengeRow, AssessmentRow, ChallengeRow, InvitationRow, VersionRow } from '../rows';

export type Viewer = 'candidate' | 'full';

// ---- Staff and assessments ----

/** An assessment's staff: its recruiter and admins. Authors review nobody's candidates. */
export function isAssessmentStaff(user: SessionUser, recruiterId: number | null | undefined): boolean {
  return user.role === 'admin' || (user.role === 'recruiter' && recruiterId != null && recruiterId === user.id);
}

/** Whose assessments a staff member lists: an admin everyone's, a recruiter their own. */
export function assessmentListScope(user: SessionUser): { recruiterId: number } | 'all' {
  return user.role === 'admin' ? 'all' : { recruiterId: user.id };
}

/** The assessment if this user may manage and review it (admins any, recruiters their own); anything else is a 404. */
export async function manageableAssessment(knex: Knex, user: SessionUser, assessmentId: number): Promise<AssessmentRow> {
  const row: AssessmentRow | undefined = await knex('assessments').where({ id: assessmentId }).first();
  if (!row || !isAssessmentStaff(user, row.recruiter_id)) throw notFound('assessment not found');
  return row;
}

/** The invitation and its assessment if this user may manage the assessment; anything else is a 404. */
export async function manageableInvitation(
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

/** Whether this user may follow an assessment's live activity (a socket room): the same rule as managing it. */
export async function mayFollowAssessment(knex: Knex, user: SessionUser, assessmentId: number): Promise<boolean> {
  const row = await knex('assessments').where({ id: assessmentId }).first('recruiter_id');
  return !!row && isAssessmentStaff(user, row.recruiter_id);
}

// ---- Submissions ----

/** Who may reach a submission (its code, results, judgements, live events), and how much of it: its candidate the
 * redacted view; the recruiter of its assessment, an admin, or a staff owner (an author's own run) everything. */
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

// ---- The candidate and their invitation ----

/** The invitation behind an invite link, if it can still be used to sign in (revoked, finished and expired: 410). */
export function assertInviteUsable(inv: InvitationRow, now = Date.now()): void {
  const state = invitationState(inv, now);
  if (state === 'revoked') throw invitationRevoked();
  if (state === 'finished') throw invitationOver();
  if (state === 'expired') throw invitationExpired();
}

/** The session's invitation; staff accounts and candidates without one are refused, a revoked one is gone. */
export async function sessionInvitation(knex: Knex, user: SessionUser): Promise<InvitationRow> {
  if (user.role !== 'candidate' || !user.invitationId) throw forbidden('open your invite link to sign in to an assessment');
  const inv: InvitationRow | undefined = await knex('invitations').where({ id: user.invitationId }).first();
  if (!inv || inv.candidate_id !== user.id) throw forbidden('this session has no assessment');
  if (inv.revoked_at) throw invitationRevoked();
  return inv;
}

/** Refuse work on an invitation that is not running: not started, finished, past its deadline or revoked. */
export function assertWorking(inv: InvitationRow, now = Date.now()): void {
  if (inv.revoked_at) throw invitationRevoked();
  if (inv.finished_at) throw assessmentFinished();
  if (!inv.started_at) throw notStarted();
  if (timedOut(inv, now)) throw deadlinePassed();
}

/** A challenge of the invitation's assessment (the candidate's own, or one staff may manage); any other id is a 404. */
export async function assessmentChallenge(knex: Knex, inv: Pick<InvitationRow, 'assessment_id'>, challengeId: number): Promise<AssessmentChallengeRow> {
  const row = await knex('assessment_challenges as ac')
    .join('challenges as c', 'c.id', 'ac.challenge_id')
    .where({ 'ac.assessment_id': inv.assessment_id, 'ac.challenge_id': challengeId })
    .first('c.id', 'c.slug', 'c.title', 'c.kind', 'c.difficulty', 'ac.position');
  if (!row) throw notFound('this challenge is not part of the assessment');
  return row;
}

// ---- Challenges (staff) ----

/** Authors and admins see drafts, every version and every file; recruiters the published catalogue only. */
export function isChallengeAuthor(user: SessionUser | undefined): boolean {
  return user?.role === 'author' || user?.role === 'admin';
}

/**
 * The version of a challenge this user may read: an author any version (the current one, else the latest, unless one
 * is asked for); a recruiter the current version of a published (or since archived) challenge and nothing else.
 */
export async function readableChallengeVersion(
  knex: Knex,
  user: SessionUser | undefined,
  challenge: ChallengeRow,
  requested: number | undefined,
): Promise<VersionRow> {
  let version: VersionRow | undefined;
  if (!isChallengeAuthor(user)) {
    // Recruiters read what assessments use: the current version of a published (or since archived) challenge.
    if (requested !== undefined) throw notFound('recruiters read the current version only');
    if (challenge.status === 'draft' || !challenge.current_version_id) throw notFound(`no challenge "${challenge.slug}"`);
    version = await knex('challenge_versions').where({ id: challenge.current_version_id }).first();
  } else if (requested !== undefined) {
    version = await findVersion(knex, challenge.id, requested);
    if (!version) throw notFound(`challenge "${challenge.slug}" has no version ${requested}`);
  } else if (challenge.current_version_id) version = await knex('challenge_versions').where({ id: challenge.current_version_id }).first();
  else version = await latestVersion(knex, challenge.id);
  if (!version) throw notFound(`challenge "${challenge.slug}" has no version`);
  return version;
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
