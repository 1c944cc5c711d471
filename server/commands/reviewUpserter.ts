// A reviewer's review of a candidate: one row per (invitation, reviewer), created or replaced. Fields left
// out of the request keep their stored value.
import type { Knex } from 'knex';
import type { ReviewRow } from '../rows';

export interface ReviewInput {
  notes?: string;
  rating?: number | null;
  decision?: 'advance' | 'hold' | 'reject' | null;
}

export async function reviewUpserter(knex: Knex, invitationId: number, reviewerId: number, input: ReviewInput): Promise<{ review: ReviewRow; created: boolean }> {
  return knex.transaction(async (trx) => {
    const existing: ReviewRow | undefined = await trx('reviews').where({ invitation_id: invitationId, reviewer_id: reviewerId }).forUpdate().first();
    const values = {
      notes: input.notes ?? existing?.notes ?? '',
      rating: input.rating !== undefined ? input.rating : (existing?.rating ?? null),
      decision: input.decision !== undefined ? input.decision : (existing?.decision ?? null),
      updated_at: trx.fn.now(),
    };
    // onConflict covers two first reviews racing: the later one wins, neither fails.
    const [review] = await trx('reviews')
      .insert({ invitation_id: invitationId, reviewer_id: reviewerId, ...values })
      .onConflict(['invitation_id', 'reviewer_id'])
      .merge(values)
      .returning('*');
    return { review, created: !existing };
  });
}
