import assert from 'node:assert/strict';
import { assertInviteUsable, assertWorking, assessmentListScope, isChallengeAuthor, viewerOf } from '../../../server/auth/access';
import type { Role, SessionUser } from '../../../server/auth/roles';
import { HttpError } from '../../../server/errors';
import type { InvitationRow } from '../../../server/rows';

// The pure rules of server/auth/access.ts; the rules that read the database are exercised route by route by the
// role × route matrix (test/server/roleMatrix.test.ts).
const user = (id: number, role: Role): SessionUser => ({ id, email: `${role}${id}@example.com`, name: role, role });
const NOW = Date.parse('2026-01-10T12:00:00Z');
const invitation = (over: Partial<InvitationRow> = {}): InvitationRow => ({
  id: 1,
  assessment_id: 1,
  candidate_id: 5,
  email: 'c@example.com',
  expires_at: new Date(NOW + 86_400_000),
  started_at: null,
  deadline_at: null,
  finished_at: null,
  revoked_at: null,
  pinned_versions: null,
  created_at: new Date(NOW - 86_400_000),
  ...over,
});
const refusal = (fn: () => void) => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof HttpError);
    return `${err.status} ${err.code}`;
  }
  return 'allowed';
};

describe('server/auth/access', () => {
  it('viewerOf: the candidate owner gets the candidate view; the assessment recruiter, admins and staff owners the full one', () => {
    const submission = { ownerId: 5, recruiterId: 2 };
    assert.equal(viewerOf(user(5, 'candidate'), submission), 'candidate');
    assert.equal(viewerOf(user(6, 'candidate'), submission), null);
    assert.equal(viewerOf(user(2, 'recruiter'), submission), 'full');
    assert.equal(viewerOf(user(3, 'recruiter'), submission), null);
    assert.equal(viewerOf(user(4, 'author'), submission), null);
    assert.equal(viewerOf(user(4, 'author'), { ownerId: 4, recruiterId: null }), 'full');
    assert.equal(viewerOf(user(9, 'admin'), submission), 'full');
  });

  it('lists an admin every assessment and a recruiter their own', () => {
    assert.equal(assessmentListScope(user(9, 'admin')), 'all');
    assert.deepEqual(assessmentListScope(user(2, 'recruiter')), { recruiterId: 2 });
  });

  it('authors and admins read challenge drafts; recruiters do not', () => {
    assert.equal(isChallengeAuthor(user(4, 'author')), true);
    assert.equal(isChallengeAuthor(user(9, 'admin')), true);
    assert.equal(isChallengeAuthor(user(2, 'recruiter')), false);
    assert.equal(isChallengeAuthor(undefined), false);
  });

  it('an invite link works until revoked, finished or expired, each a 410', () => {
    assert.equal(refusal(() => assertInviteUsable(invitation(), NOW)), 'allowed');
    assert.equal(refusal(() => assertInviteUsable(invitation({ revoked_at: new Date(NOW) }), NOW)), '410 invitation_revoked');
    assert.equal(refusal(() => assertInviteUsable(invitation({ started_at: new Date(NOW), finished_at: new Date(NOW) }), NOW)), '410 invitation_finished');
    assert.equal(refusal(() => assertInviteUsable(invitation({ expires_at: new Date(NOW - 1) }), NOW)), '410 invitation_expired');
  });

  it('a candidate works only between start and deadline, and never once revoked', () => {
    const running = { started_at: new Date(NOW - 60_000), deadline_at: new Date(NOW + 60_000) };
    assert.equal(refusal(() => assertWorking(invitation(running), NOW)), 'allowed');
    assert.equal(refusal(() => assertWorking(invitation(), NOW)), '409 not_started');
    assert.equal(refusal(() => assertWorking(invitation({ ...running, deadline_at: new Date(NOW) }), NOW)), '409 deadline_passed');
    assert.equal(refusal(() => assertWorking(invitation({ ...running, finished_at: new Date(NOW) }), NOW)), '409 assessment_finished');
    assert.equal(refusal(() => assertWorking(invitation({ ...running, revoked_at: new Date(NOW) }), NOW)), '410 invitation_revoked');
  });
});
