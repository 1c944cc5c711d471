import type { Knex } from 'knex';
import type { EventBus, StoredEvent } from './eventBus';

/** Write an event with the next sequence number of its submission, then publish it. */
export async function appendEvent(knex: Knex, bus: EventBus | undefined, submissionId: number, event: StoredEvent['event']): Promise<StoredEvent> {
  const [row] = await knex('submission_events')
    .insert({
      submission_id: submissionId,
      seq: knex.raw('(select coalesce(max(seq), 0) + 1 from submission_events where submission_id = ?)', [submissionId]),
      type: event.type,
      payload: JSON.stringify(event),
    })
    .returning(['seq']);
  const stored: StoredEvent = { submissionId, seq: Number(row.seq), event };
  bus?.publish(stored);
  return stored;
}

/** Events after `afterSeq`, for a client that reconnects. */
export async function eventsSince(knex: Knex, submissionId: number, afterSeq: number): Promise<StoredEvent[]> {
  const rows = await knex('submission_events').where({ submission_id: submissionId }).andWhere('seq', '>', afterSeq).orderBy('seq');
  return rows.map((r: { seq: number; payload: unknown }) => ({
    submissionId,
    seq: Number(r.seq),
    event: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as StoredEvent['event'],
  }));
}
