import { Router } from 'express';
import type { Knex } from 'knex';
import { visibleSubmission } from '../auth/access';
import type { SubmissionRow, TestResultRow } from '../rows';
import { hiddenTestNumbersOf } from '../queries/hiddenTestNumbers';
import { route, type RouteRegistry } from '../http/route';
import { presentSubmission } from '../presenters/submission';
import type { SubmissionFinished } from '../../runner/types';
import { idParams } from './assessments';

export function submissionRoutes(registry: RouteRegistry, deps: { db: { knex: Knex } }) {
  const { knex } = deps.db;
  const router = Router();

  route(router, registry, '/api', { method: 'get', path: '/submissions/:id', tag: 'submissions', summary: 'A submission with its per-test results (hidden tests redacted for candidates: no name, input or output)', auth: 'any', params: idParams }, async ({ params, user }) => {
    const { viewer } = await visibleSubmission(knex, user!, params.id);
    const row: SubmissionRow = await knex('submissions').where({ id: params.id }).first();
    const judgement: { id: number; challenge_version_id: number } | undefined = row.judgement_id
      ? await knex('judgements').where({ id: row.judgement_id }).first('id', 'challenge_version_id')
      : await knex('judgements').where({ submission_id: row.id }).orderBy('id', 'desc').first('id', 'challenge_version_id');
    const [tests, finishedRow, seqRow, hiddenNumbers] = await Promise.all([
      judgement ? (knex('test_results').where({ judgement_id: judgement.id }).orderBy('test_index') as Promise<TestResultRow[]>) : [],
      knex('submission_events').where({ submission_id: row.id, type: 'submission:finished' }).orderBy('seq', 'desc').first('payload'),
      knex('submission_events').where({ submission_id: row.id }).max({ seq: 'seq' }).first(),
      viewer === 'candidate' ? hiddenTestNumbersOf(knex, judgement?.challenge_version_id ?? row.challenge_version_id) : new Map<number, number>(),
    ]);
    const finished = finishedRow
      ? ((typeof finishedRow.payload === 'string' ? JSON.parse(finishedRow.payload) : finishedRow.payload) as SubmissionFinished)
      : undefined;
    return { submission: presentSubmission(row, { tests, finished, lastSeq: Number(seqRow?.seq ?? 0), hiddenNumbers }, viewer) };
  });

  return router;
}
