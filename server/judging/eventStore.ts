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

/**
 * Write several events of one submission in one statement, with consecutive sequence numbers, then publish
 * them in order. Every row's subquery sees the table as it was before the statement, so row i gets max + i + 1.
 */
export async function appendEvents(knex: Knex, bus: EventBus | undefined, submissionId: number, events: Array<StoredEvent['event']>): Promise<StoredEvent[]> {
  if (events.length === 0) return [];
  if (events.length === 1) return [await appendEvent(knex, bus, submissionId, events[0])];
  const rows: Array<{ seq: number | string }> = await knex('submission_events')
    .insert(
      events.map((event, i) => ({
        submission_id: submissionId,
        seq: knex.raw('(select coalesce(max(seq), 0) + ? from submission_events where submission_id = ?)', [i + 1, submissionId]),
        type: event.type,
        payload: JSON.stringify(event),
      })),
    )
    .returning(['seq']);
  const seqs = rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
  const stored = events.map((event, i): StoredEvent => ({ submissionId, seq: seqs[i], event }));
  for (const e of stored) bus?.publish(e);
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
