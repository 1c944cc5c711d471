// An invitation's window read from its row: its state, whether its time is up, the challenge versions pinned at
// its start. The rule built on them (may the candidate still work?) is assertWorking in server/auth/access.ts.
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
