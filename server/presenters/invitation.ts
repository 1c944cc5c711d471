import { invitationState, timedOut } from '../queries/invitationWindow';
import type { InvitationRow } from '../rows';
import type { BestScore } from '../queries/invitations';

// The shape of an invitation's best scores as presented (the web's candidate page reads it from here).
export type { BestScore };

const iso = (v: Date | string | null | undefined) => (v ? new Date(v).toISOString() : null);

/** An invitation for its recruiter: never the token (only its hash is stored anyway). */
export function presentInvitation(row: InvitationRow, best: Record<string, BestScore> = {}, now = Date.now()) {
  return {
    id: row.id,
    assessmentId: row.assessment_id,
    email: row.email,
    candidateId: row.candidate_id,
    state: invitationState(row, now),
    timedOut: timedOut(row, now),
    createdAt: iso(row.created_at),
    expiresAt: iso(row.expires_at),
    startedAt: iso(row.started_at),
    deadlineAt: iso(row.deadline_at),
    finishedAt: iso(row.finished_at),
    revokedAt: iso(row.revoked_at),
    best,
  };
}
