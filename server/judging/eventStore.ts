import type { Knex } from 'knex';
import type { TestDetail } from '../../runner/types';
import type { EventBus, StoredEvent } from './eventBus';

/**
 * A test's detail is stored once, in test_results (capped by server/commands/testResultRecorder.ts). The row of
 * a test:finished event keeps everything else and `detailsOf`, the judgement whose result row holds the detail;
 * eventsSince puts the detail back. Publishing hands the full event to the live gateway without storing it twice.
 */
export interface AppendOptions {
  detailsOf?: number;
}

/** An event's stored payload: a test:finished event without its detail, naming the judgement that holds it. */
export function storedPayload(event: StoredEvent['event'], detailsOf?: number): string {
  if (event.type !== 'test:finished' || !event.detail || detailsOf === undefined) return JSON.stringify(event);
  const { detail: _detail, ...rest } = event;
  return JSON.stringify({ ...rest, detailsOf });
}

const payloadOf = (event: StoredEvent['event'], options: AppendOptions) => storedPayload(event, options.detailsOf);

/** Write an event with the next sequence number of its submission, then publish it. */
export async function appendEvent(knex: Knex, bus: EventBus | undefined, submissionId: number, event: StoredEvent['event'], options: AppendOptions = {}): Promise<StoredEvent> {
  const [row] = await knex('submission_events')
    .insert({
      submission_id: submissionId,
      seq: knex.raw('(select coalesce(max(seq), 0) + 1 from submission_events where submission_id = ?)', [submissionId]),
      type: event.type,
      payload: payloadOf(event, options),
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
export async function appendEvents(knex: Knex, bus: EventBus | undefined, submissionId: number, events: Array<StoredEvent['event']>, options: AppendOptions = {}): Promise<StoredEvent[]> {
  if (events.length === 0) return [];
  if (events.length === 1) return [await appendEvent(knex, bus, submissionId, events[0], options)];
  const rows: Array<{ seq: number | string }> = await knex('submission_events')
    .insert(
      events.map((event, i) => ({
        submission_id: submissionId,
        seq: knex.raw('(select coalesce(max(seq), 0) + ? from submission_events where submission_id = ?)', [i + 1, submissionId]),
        type: event.type,
        payload: payloadOf(event, options),
      })),
    )
    .returning(['seq']);
  const seqs = rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
  const stored = events.map((event, i): StoredEvent => ({ submissionId, seq: seqs[i], event }));
  for (const e of stored) bus?.publish(e);
  return stored;
}

/** Events after `afterSeq`, for a client that reconnects, with each test's detail read back from its result row. */
export async function eventsSince(knex: Knex, submissionId: number, afterSeq: number): Promise<StoredEvent[]> {
  const rows = await knex('submission_events').where({ submission_id: submissionId }).andWhere('seq', '>', afterSeq).orderBy('seq').select('seq', 'payload');
  return storedEvents(knex, submissionId, rows);
}

/** Stored rows as events: payloads parsed, and the detail a test:finished row refers to put back (one query). */
export async function storedEvents(knex: Knex, submissionId: number, rows: Array<{ seq: number | string; payload: unknown }>): Promise<StoredEvent[]> {
  const events = rows.map((r) => ({
    seq: Number(r.seq),
    payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as StoredEvent['event'] & { detailsOf?: number; index?: number },
  }));
  const judgementIds = [...new Set(events.map((e) => e.payload.detailsOf).filter((id): id is number => typeof id === 'number'))];
  const details = new Map<string, TestDetail>();
  if (judgementIds.length > 0) {
    const results = await knex('test_results').whereIn('judgement_id', judgementIds).whereNotNull('detail').select('judgement_id', 'test_index', 'detail');
    for (const r of results as Array<{ judgement_id: number; test_index: number; detail: TestDetail | string }>)
      details.set(`${r.judgement_id}:${r.test_index}`, typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail);
  }
  return events.map(({ seq, payload }) => {
    const { detailsOf, ...event } = payload;
    const detail = detailsOf === undefined ? undefined : details.get(`${detailsOf}:${payload.index}`);
    return { submissionId, seq, event: (detail ? { ...event, detail } : event) as StoredEvent['event'] };
  });
}
