// Invitations as staff read them: an assessment's invitations, one invitation's runs and submissions, and the
// best finished submit score per invitation and challenge.
import type { Knex } from 'knex';
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

export interface BestScore {
  score: number;
  points: number;
  maxPoints: number;
  verdict: string;
  submissionId: number;
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
