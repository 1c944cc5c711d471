// Reading stored judge events. Writing them is part of the judge's statements (judgementStore.ts), so results
// and events of one batch are written together.
//
// A test's detail is stored once, in test_results (capped by server/commands/testResultRecorder.ts). The row of a
// test:finished event keeps everything else and `detailsOf`, the judgement whose result row holds the detail;
// reading puts the detail back. The live gateway is handed the full event without storing it twice.
import type { Knex } from 'knex';
import type { TestDetail } from '../../runner/types';
import type { StoredEvent } from './eventBus';

type EventRow = { seq: number | string; payload: unknown };

/** An event's stored payload: a test:finished event without its detail, naming the judgement that holds it. */
export function storedPayload(event: StoredEvent['event'], detailsOf?: number): string {
  if (event.type !== 'test:finished' || !event.detail || detailsOf === undefined) return JSON.stringify(event);
  const { detail: _detail, ...rest } = event;
  return JSON.stringify({ ...rest, detailsOf });
}

/** Events after `afterSeq`, for a client that reconnects, with each test's detail read back from its result row. */
export async function eventsSince(knex: Knex, submissionId: number, afterSeq: number): Promise<StoredEvent[]> {
  const rows: EventRow[] = await knex('submission_events').where({ submission_id: submissionId }).andWhere('seq', '>', afterSeq).orderBy('seq').select('seq', 'payload');
  return storedEvents(knex, submissionId, rows);
}

/** Events from `fromSeq` to `toSeq` inclusive (an announcement too large for NOTIFY). */
export async function eventsBetween(knex: Knex, submissionId: number, fromSeq: number, toSeq: number): Promise<StoredEvent[]> {
  const rows: EventRow[] = await knex('submission_events')
    .where({ submission_id: submissionId })
    .andWhere('seq', '>=', fromSeq)
    .andWhere('seq', '<=', toSeq)
    .orderBy('seq')
    .select('seq', 'payload');
  return storedEvents(knex, submissionId, rows);
}

/** Stored rows as events: payloads parsed, and the detail a test:finished row refers to put back (one query). */
export async function storedEvents(knex: Knex, submissionId: number, rows: EventRow[]): Promise<StoredEvent[]> {
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

/** Which tests a submission's stream already showed (a retried judging does not show them twice). */
export async function shownTests(knex: Knex, submissionId: number): Promise<Set<string>> {
  const rows: Array<{ type: string; idx: string | null }> = await knex('submission_events')
    .where({ submission_id: submissionId })
    .select('type', knex.raw(`payload->>'index' as idx`));
  return new Set(rows.map((r) => `${r.type}:${r.idx}`));
}
