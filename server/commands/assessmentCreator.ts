import type { Knex } from 'knex';
import { unprocessable } from '../errors';

export interface NewAssessment {
  title: string;
  description: string;
  timeLimitMinutes: number;
  /** Published challenges, in the order candidates see them. */
  challengeIds: number[];
}

export async function assessmentCreator(knex: Knex, recruiterId: number, input: NewAssessment): Promise<number> {
  return knex.transaction(async (trx) => {
    const usable = await trx('challenges')
      .whereIn('id', input.challengeIds)
      .where({ status: 'published' })
      .whereNotNull('current_version_id')
      .pluck('id');
    const missing = input.challengeIds.filter((id) => !usable.includes(id));
    if (missing.length) throw unprocessable(`not a published challenge: ${missing.join(', ')}`, { challengeIds: missing });
    const [row] = await trx('assessments')
      .insert({ title: input.title, description: input.description, recruiter_id: recruiterId, time_limit_minutes: input.timeLimitMinutes })
      .returning(['id']);
    await trx('assessment_challenges').insert(
      input.challengeIds.map((challengeId, position) => ({ assessment_id: row.id, challenge_id: challengeId, position })),
    );
    return row.id as number;
  });
}
