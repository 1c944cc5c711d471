import { Router } from 'express';
import type { Knex } from 'knex';
import { visibleSubmission } from '../auth/access';
import { hiddenTestNumbersOf } from '../queries/hiddenTestNumbers';
import { submissionDetail } from '../queries/submissionDetail';
import { route, type RouteRegistry } from '../http/route';
import { presentSubmission } from '../presenters/submission';
import { idParams } from './assessments';

export function submissionRoutes(registry: RouteRegistry, deps: { db: { knex: Knex } }) {
  const { knex } = deps.db;
  const router = Router();

  route(router, registry, '/api', { method: 'get', path: '/submissions/:id', tag: 'submissions', summary: 'A submission with its per-test results (hidden tests redacted for candidates: no name, input or output)', auth: 'any', params: idParams }, async ({ params, user }) => {
    const { viewer } = await visibleSubmission(knex, user!, params.id);
    const { row, tests, finished, lastSeq, versionId } = await submissionDetail(knex, params.id);
    const hiddenNumbers = viewer === 'candidate' ? await hiddenTestNumbersOf(knex, versionId) : new Map<number, number>();
    return { submission: presentSubmission(row, { tests, finished, lastSeq, hiddenNumbers }, viewer) };
  });

  return router;
}
