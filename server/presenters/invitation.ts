import { invitationState, timedOut } from '../queries/invitationWindow';
import type { InvitationRow } from '../rows';

export interface BestScore {
  score: number;
  points: number;
  maxPoints: number;
  verdict: string;
  submissionId: number;
}

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

/** Best scored submission per challenge, from finished submit-mode rows (highest score, earliest on ties). */
export function bestScores(
  rows: Array<{ id: number; invitation_id: number; challenge_id: number; score: number | null; points: number | null; max_points: number | null; verdict: string | null }>,
): Map<number, Record<string, BestScore>> {
  const out = new Map<number, Record<string, BestScore>>();
  for (const r of rows) {
    const byChallenge = out.get(r.invitation_id) ?? {};
    out.set(r.invitation_id, byChallenge);
    const current = byChallenge[String(r.challenge_id)];
    const score = Number(r.score ?? 0);
    if (!current || score > current.score || (score === current.score && r.id < current.submissionId)) {
      byChallenge[String(r.challenge_id)] = {
        score,
        points: Number(r.points ?? 0),
        maxPoints: Number(r.max_points ?? 0),
        verdict: r.verdict ?? 'internal_error',
        submissionId: r.id,
      };
    }
  }
  return out;
}
