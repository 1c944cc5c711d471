// The candidate's clock starts on the first start: deadline = start + time limit, and the challenges' current
// versions are pinned so a republished challenge never changes under a running candidate.
import type { Knex } from 'knex';
import type { EventBus } from '../judging/eventBus';
import { publishActivity } from '../activityFeed';
import { HttpError } from '../errors';
import { assertWorking, type InvitationRow } from './invitationWindow';

export async function assessmentStarter(deps: { knex: Knex; bus: EventBus }, invitationId: number): Promise<InvitationRow> {
  const { started, inv } = await deps.knex.transaction(async (trx) => {
    const inv: InvitationRow = await trx('invitations').where({ id: invitationId }).forUpdate().first();
    if (inv.started_at) {
      assertWorking(inv);
      return { started: false, inv };
    }
    if (inv.revoked_at) assertWorking(inv);
    if (new Date(inv.expires_at).getTime() <= Date.now()) throw new HttpError(410, 'invitation_expired', 'this invitation has expired');
    const assessment = await trx('assessments').where({ id: inv.assessment_id }).first('time_limit_minutes');
    const versions = await trx('assessment_challenges as ac')
      .join('challenges as c', 'c.id', 'ac.challenge_id')
      .where('ac.assessment_id', inv.assessment_id)
      .select('c.id', 'c.current_version_id');
    const pinned = Object.fromEntries(versions.map((v: { id: number; current_version_id: number }) => [String(v.id), v.current_version_id]));
    const startedAt = new Date();
    const deadlineAt = new Date(startedAt.getTime() + assessment.time_limit_minutes * 60_000);
    const [updated] = await trx('invitations')
      .where({ id: invitationId })
      .update({ started_at: startedAt, deadline_at: deadlineAt, pinned_versions: JSON.stringify(pinned) })
      .returning('*');
    return { started: true, inv: updated as InvitationRow };
  });
  if (started) {
    publishActivity(deps.bus, {
      type: 'assessment:candidate_started',
      assessmentId: inv.assessment_id,
      invitationId: inv.id,
      email: inv.email,
      startedAt: new Date(inv.started_at!).toISOString(),
      deadlineAt: new Date(inv.deadline_at!).toISOString(),
    });
  }
  return inv;
}
