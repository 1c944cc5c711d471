import type { Knex } from 'knex';
import type { EventBus } from '../judging/eventBus';
import { publishActivity } from '../activityFeed';
import { assertWorking } from '../auth/access';
import type { InvitationRow } from '../rows';
import { invitationFinishedEvent } from '../webhooks/events';

/** The candidate hands in: no more drafts, runs or submissions. Submissions already queued are still judged. */
export async function assessmentFinisher(deps: { knex: Knex; bus: EventBus }, invitationId: number): Promise<InvitationRow> {
  const inv = await deps.knex.transaction(async (trx) => {
    const current: InvitationRow = await trx('invitations').where({ id: invitationId }).forUpdate().first();
    assertWorking(current);
    const [updated] = await trx('invitations').where({ id: invitationId }).update({ finished_at: new Date() }).returning('*');
    await invitationFinishedEvent(trx, updated);
    return updated as InvitationRow;
  });
  publishActivity(deps.bus, {
    type: 'assessment:candidate_finished',
    assessmentId: inv.assessment_id,
    invitationId: inv.id,
    email: inv.email,
    finishedAt: new Date(inv.finished_at!).toISOString(),
  });
  return inv;
}
