// The outbox writer: a command that causes an event calls recordWebhookEvent with its own transaction, so a
// delivery row exists exactly when the change it reports was committed. A dispatcher (dispatcher.ts) sends it.
// Bodies carry ids, times, scores and verdicts — never a test's name, input or expected output.
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { SubmissionFinished } from '../../runner/types';

export const WEBHOOK_EVENTS = ['invitation.started', 'invitation.finished', 'submission.scored'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];
/** Sent only by "send test event", to one hook. */
export const TEST_EVENT = 'webhook.test';

export interface WebhookBody {
  id: string;
  type: WebhookEventType | typeof TEST_EVENT;
  created: string;
  data: Record<string, unknown>;
}

/** Dispatchers in this process look at the outbox early when something was written (they poll anyway). */
export const outboxWritten = new EventEmitter();
outboxWritten.setMaxListeners(0);

export const newEventId = () => `evt_${randomBytes(12).toString('hex')}`;

interface InvitationLike {
  id: number;
  assessment_id: number;
  email: string;
  started_at?: Date | string | null;
  deadline_at?: Date | string | null;
  finished_at?: Date | string | null;
}

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/**
 * One delivery row per enabled hook that wants this event: the assessment's hooks and its recruiter's account
 * hooks. A statement that finds no hook is all it costs when nobody listens.
 */
async function record(q: Knex, invitationId: number, type: WebhookEventType, data: (assessmentId: number) => Record<string, unknown>): Promise<number> {
  const hooks: Array<{ id: number; assessment_id: number }> = await q('invitations as i')
    .join('assessments as a', 'a.id', 'i.assessment_id')
    .join('webhooks as w', (j) => j.on('w.assessment_id', 'a.id').orOn((o) => o.onNull('w.assessment_id').andOn('w.owner_id', 'a.recruiter_id')))
    .where('i.id', invitationId)
    .where('w.enabled', true)
    .whereRaw('w.events @> ?::jsonb', [JSON.stringify([type])])
    .select('w.id', 'a.id as assessment_id');
  if (hooks.length === 0) return 0;
  const body: WebhookBody = { id: newEventId(), type, created: new Date().toISOString(), data: data(hooks[0].assessment_id) };
  const text = JSON.stringify(body);
  await q('webhook_deliveries').insert(hooks.map((h) => ({ webhook_id: h.id, event_id: body.id, event_type: type, body: text })));
  outboxWrote();
  return hooks.length;
}

const ISO_SQL = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The invitation.started deliveries as data-modifying CTEs over `started` (a CTE of the start's UPDATE …
 * RETURNING), so the start and its outbox rows are one statement: the start is on the onboarding path, where a
 * transaction and a look for hooks would cost three more statements per candidate. Appended after `started`; the
 * query reads `(select count(*) from started_deliveries)`. The body is built as recordWebhookEvent's is.
 */
export function invitationStartedDeliveriesCte(eventId: string, created: Date): { sql: string; bindings: Knex.Value[] } {
  return {
    sql: `, started_hooks as (
        select w.id as webhook_id, s.id, s.assessment_id, s.email, s.started_at, s.deadline_at
        from started s join assessments a on a.id = s.assessment_id
        join webhooks w on w.assessment_id = a.id or (w.assessment_id is null and w.owner_id = a.recruiter_id)
        where w.enabled and w.events @> '["invitation.started"]'::jsonb
      ), started_deliveries as (
        insert into webhook_deliveries (webhook_id, event_id, event_type, body)
        select h.webhook_id, ?, 'invitation.started', json_build_object('id', ?::text, 'type', 'invitation.started', 'created', ?::text,
          'data', json_build_object('invitation', json_build_object('id', h.id, 'assessmentId', h.assessment_id, 'email', h.email,
            'startedAt', ${ISO_SQL('h.started_at')}, 'deadlineAt', ${ISO_SQL('h.deadline_at')})))::text
        from started_hooks h
        returning 1
      )`,
    bindings: [eventId, eventId, created.toISOString()],
  };
}

/** Dispatchers in this process look at the outbox soon after a command wrote to it. */
export function outboxWrote(): void {
  setTimeout(() => outboxWritten.emit('written'), 50).unref();
}

export function invitationFinishedEvent(q: Knex, inv: InvitationLike): Promise<number> {
  return record(q, inv.id, 'invitation.finished', () => ({
    invitation: { id: inv.id, assessmentId: inv.assessment_id, email: inv.email, startedAt: iso(inv.started_at), finishedAt: iso(inv.finished_at) },
  }));
}

export function submissionScoredEvent(q: Knex, s: { submissionId: number; invitationId: number; challengeId: number }, f: SubmissionFinished): Promise<number> {
  return record(q, s.invitationId, 'submission.scored', (assessmentId) => ({
    submission: {
      id: s.submissionId,
      invitationId: s.invitationId,
      assessmentId,
      challengeId: s.challengeId,
      verdict: f.verdict,
      score: f.score,
      points: f.points,
      maxPoints: f.maxPoints,
      testsPassed: f.passed,
      testsTotal: f.total,
    },
  }));
}

/** "Send test event": one delivery to one hook, through the same outbox and dispatcher as real events. */
export async function testEvent(q: Knex, hook: { id: number; assessment_id: number | null }): Promise<{ eventId: string; deliveryId: number }> {
  const body: WebhookBody = { id: newEventId(), type: TEST_EVENT, created: new Date().toISOString(), data: { webhookId: hook.id, assessmentId: hook.assessment_id, message: 'a test event from assay' } };
  const [row] = await q('webhook_deliveries').insert({ webhook_id: hook.id, event_id: body.id, event_type: TEST_EVENT, body: JSON.stringify(body) }).returning('id');
  outboxWrote();
  return { eventId: body.id, deliveryId: Number(row.id ?? row) };
}
