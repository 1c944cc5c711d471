// Everything a reviewer reads about one candidate's submissions: code, the current judgement's test results
// (full detail), the compile error or message of the finished event, and the judging history (rejudges).
import type { Knex } from 'knex';
import { listJudgements, type JudgementView } from '../challenges/judgements';
import type { ReviewRow, SubmissionRow, TestResultRow } from '../rows';
import type { SubmissionFinished } from '../../runner/types';

export interface ReviewedSubmission {
  row: SubmissionRow;
  tests: TestResultRow[];
  finished?: SubmissionFinished;
  lastSeq: number;
  judgements: JudgementView[];
}

export async function reviewedSubmissions(knex: Knex, invitationId: number): Promise<ReviewedSubmission[]> {
  const rows: SubmissionRow[] = await knex('submissions').where({ invitation_id: invitationId }).orderBy('id');
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const judgementIds = rows.map((r) => r.judgement_id).filter((id): id is number => id !== null);
  const [tests, finishedEvents, seqs] = await Promise.all([
    judgementIds.length
      ? (knex('test_results').whereIn('judgement_id', judgementIds).orderBy(['judgement_id', 'test_index']) as Promise<
          Array<TestResultRow & { judgement_id: number }>
        >)
      : Promise.resolve([]),
    knex('submission_events').whereIn('submission_id', ids).andWhere({ type: 'submission:finished' }).orderBy('seq').select('submission_id', 'payload'),
    knex('submission_events').whereIn('submission_id', ids).groupBy('submission_id').select('submission_id').max({ seq: 'seq' }) as Promise<
      Array<{ submission_id: number; seq: number | string }>
    >,
  ]);
  const out: ReviewedSubmission[] = [];
  for (const row of rows) {
    const finished = finishedEvents.filter((e: { submission_id: number }) => e.submission_id === row.id).pop();
    const payload = finished ? (typeof finished.payload === 'string' ? JSON.parse(finished.payload) : finished.payload) : undefined;
    out.push({
      row,
      tests: tests.filter((t) => t.judgement_id === row.judgement_id),
      finished: payload as SubmissionFinished | undefined,
      lastSeq: Number(seqs.find((s) => s.submission_id === row.id)?.seq ?? 0),
      // Score-change history (first judging, then one per rejudge), from the challenges' judgement store.
      judgements: await listJudgements(knex, row.id),
    });
  }
  return out;
}

export async function reviewsOf(knex: Knex, invitationId: number): Promise<ReviewRow[]> {
  return knex('reviews as r')
    .leftJoin('users as u', 'u.id', 'r.reviewer_id')
    .where('r.invitation_id', invitationId)
    .orderBy('r.updated_at', 'desc')
    .select('r.*', 'u.name as reviewer_name', 'u.email as reviewer_email');
}
