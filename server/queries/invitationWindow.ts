// When a candidate may still work on an invitation. One place for the rules every candidate command checks.
import { HttpError } from '../errors';
import type { InvitationRow } from '../rows';

export type InvitationState = 'invited' | 'started' | 'finished' | 'expired' | 'revoked';

const time = (v: Date | string | null): number | null => (v === null ? null : new Date(v).getTime());

export function invitationState(inv: InvitationRow, now = Date.now()): InvitationState {
  if (inv.revoked_at) return 'revoked';
  if (inv.finished_at) return 'finished';
  const deadline = time(inv.deadline_at);
  if (inv.started_at) return deadline !== null && deadline <= now ? 'finished' : 'started';
  return time(inv.expires_at)! <= now ? 'expired' : 'invited';
}

export function timedOut(inv: InvitationRow, now = Date.now()): boolean {
  const deadline = time(inv.deadline_at);
  return !inv.revoked_at && !inv.finished_at && deadline !== null && deadline <= now;
}

export function pinnedVersions(inv: InvitationRow): Record<string, number> {
  const p = inv.pinned_versions;
  if (!p) return {};
  return typeof p === 'string' ? JSON.parse(p) : p;
}

/** Refuse work on an invitation that is not running: not started, finished, past its deadline or revoked. */
export function assertWorking(inv: InvitationRow, now = Date.now()): void {
  if (inv.revoked_at) throw new HttpError(403, 'invitation_revoked', 'this invitation was revoked');
  if (inv.finished_at) throw new HttpError(409, 'assessment_finished', 'you have finished this assessment; nothing more can be changed');
  if (!inv.started_at) throw new HttpError(409, 'not_started', 'start the assessment first');
  if (timedOut(inv, now)) throw new HttpError(409, 'deadline_passed', 'the time for this assessment is over');
}
