// Reading stored judge events. Writing them is part of the judge's statements (judgementStore.ts), so results
// and events of one batch are written together.
import type { Knex } from 'knex';
import type { StoredEvent } from './eventBus';

type EventRow = { seq: number | string; payload: unknown };

const toStored = (submissionId: number) => (r: EventRow): StoredEvent => ({
  submissionId,
  seq: Number(r.seq),
  event: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as StoredEvent['event'],
});

/** Events after `afterSeq`, for a client that reconnects. */
export async function eventsSince(knex: Knex, submissionId: number, afterSeq: number): Promise<StoredEvent[]> {
  const rows: EventRow[] = await knex('submission_events').where({ submission_id: submissionId }).andWhere('seq', '>', afterSeq).orderBy('seq').select('seq', 'payload');
  return rows.map(toStored(submissionId));
}

/** Events from `fromSeq` to `toSeq` inclusive (an announcement too large for NOTIFY). */
export async function eventsBetween(knex: Knex, submissionId: number, fromSeq: number, toSeq: number): Promise<StoredEvent[]> {
  const rows: EventRow[] = await knex('submission_events')
    .where({ submission_id: submissionId })
    .andWhere('seq', '>=', fromSeq)
    .andWhere('seq', '<=', toSeq)
    .orderBy('seq')
    .select('seq', 'payload');
  return rows.map(toStored(submissionId));
}

/** Which tests a submission's stream already showed (a retried judging does not show them twice). */
export async function shownTests(knex: Knex, submissionId: number): Promise<Set<string>> {
  const rows: Array<{ type: string; idx: string | null }> = await knex('submission_events')
    .where({ submission_id: submissionId })
    .select('type', knex.raw(`payload->>'index' as idx`));
  return new Set(rows.map((r) => `${r.type}:${r.idx}`));
}
