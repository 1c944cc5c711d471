// The candidate's clock starts on the first start: deadline = start + time limit, and the challenges' current
// versions are pinned so a republished challenge never changes under a running candidate.
// One conditional UPDATE does all of it (the time limit and the versions are read by subqueries in the same
// statement), with the invitation.started webhook deliveries as data-modifying CTEs of the same statement.
import type { Knex } from 'knex';
import type { EventBus } from '../judging/eventBus';
import { publishActivity } from '../activityFeed';
import { invitationExpired, notFound } from '../errors';
import { assertWorking } from '../auth/access';
import type { InvitationRow } from '../rows';
import { invitationStartedDeliveriesCte, newEventId, outboxWrote } from '../webhooks/events';

/** `known`: the invitation as the caller just read it, so a started one costs no further statement. */
export async function assessmentStarter(deps: { knex: Knex; bus: EventBus }, invitationId: number, known?: InvitationRow): Promise<InvitationRow> {
  const { knex } = deps;
  if (known?.started_at) {
    assertWorking(known);
    return known;
  }
  const startedAt = new Date();
  // One statement: the conditional start (the time limit and the versions read by subqueries) and its webhook
  // outbox rows (none without hooks) commit together.
  const deliveries = invitationStartedDeliveriesCte(newEventId(), startedAt);
  const result = await knex.raw(
    `with started as (
      update invitations set started_at = ?,
        deadline_at = ?::timestamptz + (select a.time_limit_minutes from assessments a where a.id = invitations.assessment_id) * interval '1 minute',
        pinned_versions = coalesce((select jsonb_object_agg(c.id::text, c.current_version_id) from assessment_challenges ac
          join challenges c on c.id = ac.challenge_id where ac.assessment_id = invitations.assessment_id), '{}'::jsonb)
      where id = ? and started_at is null and revoked_at is null and expires_at > ?
      returning *
    )${deliveries.sql}
    select started.*, (select count(*) from started_deliveries)::int as webhook_deliveries from started`,
    [startedAt, startedAt, invitationId, startedAt, ...deliveries.bindings],
  );
  const row: (InvitationRow & { webhook_deliveries?: number }) | undefined = (result.rows ?? result)[0];
  let updated: InvitationRow | undefined;
  if (row) {
    const { webhook_deliveries: delivered, ...invitation } = row;
    if (delivered) outboxWrote();
    updated = invitation;
  }
  if (!updated) {
    // Started meanwhile (a second tab), revoked or expired: say which.
    const inv: InvitationRow | undefined = await knex('invitations').where({ id: invitationId }).first();
    if (!inv) throw notFound('invitation not found');
    if (inv.started_at || inv.revoked_at) {
      assertWorking(inv);
      return inv;
    }
    throw invitationExpired();
  }
  publishActivity(deps.bus, {
    type: 'assessment:candidate_started',
    assessmentId: updated.assessment_id,
    invitationId: updated.id,
    email: updated.email,
    startedAt: new Date(updated.started_at!).toISOString(),
    deadlineAt: new Date(updated.deadline_at!).toISOString(),
  });
  return updated;
}
