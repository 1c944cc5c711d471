// What a candidate's own assessment page reads: the assessment, its challenges in order and, once started, the
// pinned version of each, the drafts and the best scores. Presented by presentCandidateAssessment.
import type { Knex } from 'knex';
import { loadChallengeVersion } from '../challenges/versionLoader';
import type { CandidateChallengeInput } from '../presenters/assessment';
import { bestScores } from './invitations';
import type { AssessmentChallengeRow, AssessmentRow, InvitationRow } from '../rows';
import { pinnedVersions } from './invitationWindow';

/** The assessment and its challenges in position order, in one statement (every candidate reads them on opening). */
async function assessmentWithChallenges(knex: Knex, assessmentId: number): Promise<{ assessment: AssessmentRow; rows: AssessmentChallengeRow[] }> {
  const row = await knex('assessments as a')
    .where('a.id', assessmentId)
    .first(
      'a.*',
      knex.raw(
        `coalesce((select json_agg(json_build_object('id', c.id, 'slug', c.slug, 'title', c.title, 'kind', c.kind, 'difficulty', c.difficulty, 'position', ac.position) order by ac.position)
          from assessment_challenges ac join challenges c on c.id = ac.challenge_id where ac.assessment_id = a.id), '[]'::json) as challenge_rows`,
      ),
    );
  const { challenge_rows: rows, ...assessment } = row;
  return { assessment: assessment as AssessmentRow, rows: (typeof rows === 'string' ? JSON.parse(rows) : rows) as AssessmentChallengeRow[] };
}

/**
 * What the candidate's view of an invitation is built from, given as the row the caller already holds (or its id). `fresh`: the
 * assessment was started by this very request, so it has no drafts or submissions to read.
 */
export async function candidateAssessmentOf(
  knex: Knex,
  invitation: InvitationRow | number,
  { fresh = false } = {},
): Promise<{ inv: InvitationRow; assessment: AssessmentRow; challenges: CandidateChallengeInput[] }> {
  const inv: InvitationRow = typeof invitation === 'number' ? await knex('invitations').where({ id: invitation }).first() : invitation;
  const { assessment, rows } = await assessmentWithChallenges(knex, inv.assessment_id);
  if (!inv.started_at) return { inv, assessment, challenges: rows.map((row) => ({ row })) };

  const pinned = pinnedVersions(inv);
  const [drafts, submitted] = fresh
    ? [[], []]
    : await Promise.all([
        knex('drafts').where({ invitation_id: inv.id }).select('challenge_id', 'code', 'updated_at'),
        knex('submissions')
          .where({ invitation_id: inv.id, mode: 'submit', status: 'finished' })
          .select('id', 'invitation_id', 'challenge_id', 'score', 'points', 'max_points', 'verdict'),
      ]);
  const best = bestScores(submitted).get(inv.id) ?? {};
  const challenges: CandidateChallengeInput[] = await Promise.all(
    rows.map(async (row) => ({
      row,
      challenge: await loadChallengeVersion(knex, pinned[String(row.id)]),
      draft: drafts.find((d: { challenge_id: number }) => d.challenge_id === row.id),
      best: best[String(row.id)],
    })),
  );
  return { inv, assessment, challenges };
}
