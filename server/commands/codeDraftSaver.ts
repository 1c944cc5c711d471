// A candidate's code draft of one challenge (autosave), while the invitation is running.
import type { Knex } from 'knex';
import { assertWorking } from '../auth/access';
import type { InvitationRow } from '../rows';

export async function codeDraftSaver(knex: Knex, input: { invitationId: number; challengeId: number; code: string }): Promise<{ updatedAt: Date }> {
  return knex.transaction(async (trx) => {
    const inv: InvitationRow = await trx('invitations').where({ id: input.invitationId }).forShare().first();
    assertWorking(inv);
    const [row] = await trx('drafts')
      .insert({ invitation_id: input.invitationId, challenge_id: input.challengeId, code: input.code, updated_at: new Date() })
      .onConflict(['invitation_id', 'challenge_id'])
      .merge(['code', 'updated_at'])
      .returning(['updated_at']);
    return { updatedAt: new Date(row.updated_at) };
  });
}
