// One submission as GET /api/submissions/:id shows it: the row, its current judgement's test results (the
// latest judgement's while a rejudge has not replaced it), the finished event and the last event number.
import type { Knex } from 'knex';
import type { SubmissionFinished } from '../../runner/types';
import type { SubmissionRow, TestResultRow } from '../rows';

export interface SubmissionDetail {
  row: SubmissionRow;
  tests: TestResultRow[];
  finished?: SubmissionFinished;
  lastSeq: number;
  /** The version its shown results were judged against (for numbering hidden tests). */
  versionId: number;
}

export async function submissionDetail(knex: Knex, submissionId: number): Promise<SubmissionDetail> {
  const row: SubmissionRow = await knex('submissions').where({ id: submissionId }).first();
  const judgement: { id: number; challenge_version_id: number } | undefined = row.judgement_id
    ? await knex('judgements').where({ id: row.judgement_id }).first('id', 'challenge_version_id')
    : await knex('judgements').where({ submission_id: row.id }).orderBy('id', 'desc').first('id', 'challenge_version_id');
  const [tests, finishedRow, seqRow] = await Promise.all([
    judgement ? (knex('test_results').where({ judgement_id: judgement.id }).orderBy('test_index') as Promise<TestResultRow[]>) : [],
    knex('submission_events').where({ submission_id: row.id, type: 'submission:finished' }).orderBy('seq', 'desc').first('payload'),
    knex('submission_events').where({ submission_id: row.id }).max({ seq: 'seq' }).first(),
  ]);
  const finished = finishedRow
    ? ((typeof finishedRow.payload === 'string' ? JSON.parse(finishedRow.payload) : finishedRow.payload) as SubmissionFinished)
    : undefined;
  return { row, tests, finished, lastSeq: Number(seqRow?.seq ?? 0), versionId: judgement?.challenge_version_id ?? row.challenge_version_id };
}
