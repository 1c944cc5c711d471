// A submission's judging history: the first judgement and one per rejudge, each with the version it was
// judged against and why, so a recruiter sees when a score changed and the reason.
import type { Knex } from 'knex';

export interface JudgementView {
  id: number;
  versionId: number;
  version: number;
  reason: string;
  verdict: string | null;
  score: number | null;
  points: number | null;
  maxPoints: number | null;
  /** The score of this judgement minus the previous finished one's; null for the first. */
  scoreChange: number | null;
  /** The judgement the submission's score currently comes from. */
  current: boolean;
  createdAt: string;
  finishedAt: string | null;
}

export async function listJudgements(knex: Knex, submissionId: number): Promise<JudgementView[]> {
  const submission = await knex('submissions').where({ id: submissionId }).first('judgement_id');
  if (!submission) return [];
  const rows = await knex('judgements as j')
    .join('challenge_versions as v', 'v.id', 'j.challenge_version_id')
    .where('j.submission_id', submissionId)
    .orderBy('j.id')
    .select('j.*', 'v.version');
  let previous: number | null = null;
  return rows.map((r) => {
    const score = r.score === null ? null : Number(r.score);
    const change = score !== null && previous !== null ? Math.round((score - previous) * 100) / 100 : null;
    if (score !== null && r.finished_at) previous = score;
    return {
      id: r.id,
      versionId: r.challenge_version_id,
      version: r.version,
      reason: r.reason,
      verdict: r.verdict,
      score,
      points: r.points === null ? null : Number(r.points),
      maxPoints: r.max_points === null ? null : Number(r.max_points),
      scoreChange: change,
      current: r.id === submission.judgement_id,
      createdAt: new Date(r.created_at).toISOString(),
      finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
    };
  });
}
