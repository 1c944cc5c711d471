// A submission is written, with its first event (submission:queued, seq 1), in one transaction before it is
// judged, with its judge job (the queue judges it only once the transaction commits); only after the commit is
// the event published, so nothing is judged or shown that the database does not hold.
import type { Knex } from 'knex';
import type { Language } from '../../runner/types';
import type { EventBus, StoredEvent, SubmissionQueued } from '../judging/eventBus';
import type { JudgeQueue } from '../judging/queue';
import { publishActivity } from '../activityFeed';
import { notFound } from '../errors';
import { assertWorking } from '../auth/access';
import { pinnedVersions } from '../queries/invitationWindow';
import type { InvitationRow, SubmissionRow } from '../rows';

export interface NewSubmission {
  invitationId: number;
  userId: number;
  challengeId: number;
  mode: 'run' | 'submit';
  language: Language;
  code: string;
}

export async function submissionCreator(deps: { knex: Knex; bus: EventBus; queue: JudgeQueue }, input: NewSubmission): Promise<SubmissionRow> {
  const { submission, inv, queued } = await deps.knex.transaction(async (trx) => {
    // A share lock: finishing (which takes the row for update) waits for this submission, or this waits for it.
    const inv: InvitationRow = await trx('invitations').where({ id: input.invitationId }).forShare().first();
    assertWorking(inv);
    const versionId = pinnedVersions(inv)[String(input.challengeId)];
    if (!versionId) throw notFound('this challenge is not part of your assessment');
    // The row and its submission:queued event (seq 1) in one statement: the event's id comes from the insert.
    const fields = { type: 'submission:queued', mode: input.mode, challengeId: input.challengeId } as const;
    const { rows } = (await trx.raw(
      `with s as (
         insert into submissions (invitation_id, user_id, challenge_id, challenge_version_id, mode, language, code, status)
         values (?, ?, ?, ?, ?, ?, ?, 'queued') returning *
       ), e as (
         insert into submission_events (submission_id, seq, type, payload)
         select id, 1, ?, ?::jsonb || jsonb_build_object('submissionId', id) from s
       )
       select * from s`,
      [input.invitationId, input.userId, input.challengeId, versionId, input.mode, input.language, input.code, fields.type, JSON.stringify(fields)],
    )) as { rows: SubmissionRow[] };
    const submission = rows[0];
    const queued: SubmissionQueued = { ...fields, submissionId: submission.id };
    await deps.queue.enqueue(trx, submission.id);
    return { submission, inv, queued };
  });
  const stored: StoredEvent = { submissionId: submission.id, seq: 1, event: queued };
  deps.bus.publish(stored);
  publishActivity(deps.bus, {
    type: 'assessment:submission',
    assessmentId: inv.assessment_id,
    invitationId: inv.id,
    email: inv.email,
    submissionId: submission.id,
    challengeId: submission.challenge_id,
    mode: submission.mode,
  });
  return submission;
}
