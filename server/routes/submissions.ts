import { Router } from 'express';
import type { Knex } from 'knex';
import type { SessionUser } from '../auth/roles';
import type { SubmissionRow } from '../commands/submissionCreator';
import { notFound } from '../errors';
import { route, type RouteRegistry } from '../http/route';
import { presentSubmission, type TestResultRow, type Viewer } from '../presenters/submission';
import type { SubmissionFinished } from '../../runner/types';
import { idParams } from './assessments';

/**
 * Who may see a submission, and how much: its candidate the redacted view; the recruiter of its assessment,
 * an admin, or a staff owner (an author's own run) everything. Anyone else gets a 404.
 */
export async function submissionViewer(knex: Knex, user: SessionUser, submissionId: number): Promise<Viewer | null> {
  const row = await knex('submissions as s')
    .leftJoin('invitations as i', 'i.id', 's.invitation_id')
    .leftJoin('assessments as a', 'a.id', 'i.assessment_id')
    .where('s.id', submissionId)
    .first('s.user_id', 'a.recruiter_id');
  if (!row) return null;
  if (user.role === 'admin') return 'full';
  if (row.user_id === user.id) return user.role === 'candidate' ? 'candidate' : 'full';
  if (user.role === 'recruiter' && row.recruiter_id === user.id) return 'full';
  return null;
}

export function submissionRoutes(registry: RouteRegistry, deps: { db: { knex: Knex } }) {
  const { knex } = deps.db;
  const router = Router();

  route(router, registry, '/api', { method: 'get', path: '/submissions/:id', tag: 'submissions', summary: 'A submission with its per-test results (hidden tests redacted for candidates)', auth: 'any', params: idParams }, async ({ params, user }) => {
    const viewer = await submissionViewer(knex, user!, params.id);
    if (!viewer) throw notFound('submission not found');
    const row: SubmissionRow = await knex('submissions').where({ id: params.id }).first();
    const judgementId =
      row.judgement_id ?? (await knex('judgements').where({ submission_id: row.id }).orderBy('id', 'desc').first('id'))?.id ?? null;
    const [tests, finishedRow, seqRow] = await Promise.all([
      judgementId ? (knex('test_results').where({ judgement_id: judgementId }).orderBy('test_index') as Promise<TestResultRow[]>) : [],
      knex('submission_events').where({ submission_id: row.id, type: 'submission:finished' }).orderBy('seq', 'desc').first('payload'),
      knex('submission_events').where({ submission_id: row.id }).max({ seq: 'seq' }).first(),
    ]);
    const finished = finishedRow
      ? ((typeof finishedRow.payload === 'string' ? JSON.parse(finishedRow.payload) : finishedRow.payload) as SubmissionFinished)
      : undefined;
    return { submission: presentSubmission(row, { tests, finished, lastSeq: Number(seqRow?.seq ?? 0) }, viewer) };
  });

  return router;
}
