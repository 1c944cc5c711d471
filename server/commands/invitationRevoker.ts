import type { Knex } from 'knex';
import { candidateFinished } from '../errors';
import type { InvitationRow } from '../rows';

/** Revoking ends the link and any session working on it; a finished invitation keeps its results as they are. */
export async function invitationRevoker(knex: Knex, invitationId: number): Promise<InvitationRow> {
  return knex.transaction(async (trx) => {
    const inv: InvitationRow = await trx('invitations').where({ id: invitationId }).forUpdate().first();
    if (inv.finished_at) throw candidateFinished();
    if (inv.revoked_at) return inv;
    const [updated] = await trx('invitations').where({ id: invitationId }).update({ revoked_at: new Date() }).returning('*');
    return updated;
  });
}
