// The candidate's clock starts on the first start: deadline = start + time limit, and the challenges' current
// versions are pinned so a republished challenge never changes under a running candidate.
// One conditional UPDATE does all of it (the time limit and the versions are read by subqueries in the same
// statement), plus one SELECT for webhooks (webhooks/events.ts; an INSERT only when a hook listens), in one transaction.
import type { Knex } from 'knex';
import type { EventBus } from '../judging/eventBus';
import { publishActivity } from '../activityFeed';
import { invitationExpired, notFound } from '../errors';
import { assertWorking } from '../auth/access';
import type { InvitationRow } from '../rows';
import { invitationStartedEvent } from '../webhooks/events';

/** `known`: the invitation as the caller just read it, so a started one costs no further statement. */
export async function assessmentStarter(deps: { knex: Knex; bus: EventBus }, invitationId: number, known?: InvitationRow): Promise<InvitationRow> {
  const { knex } = deps;
  if (known?.started_at) {
    assertWorking(known);
    return known;
  }
  const startedAt = new Date();
  // The update and its webhook outbox row (none without hooks) commit together.
  const [updated]: InvitationRow[] = await knex.transaction(async (trx) => {
    const rows: InvitationRow[] = await trx('invitations')
      .where({ id: invitationId })
      .whereNull('started_at')
      .whereNull('revoked_at')
      .where('expires_at', '>', startedAt)
      .update({
        started_at: startedAt,
        deadline_at: knex.raw(`?::timestamptz + (select a.time_limit_minutes from assessments a where a.id = invitations.assessment_id) * interval '1 minute'`, [startedAt]),
        pinned_versions: knex.raw(
          `coalesce((select jsonb_object_agg(c.id::text, c.current_version_id) from assessment_challenges ac join challenges c on c.id = ac.challenge_id where ac.assessment_id = invitations.assessment_id), '{}'::jsonb)`,
        ),
      })
      .returning('*');
    if (rows[0]) await invitationStartedEvent(trx, rows[0]);
    return rows;
  });
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
