import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { assessmentListScope, manageableAssessment } from '../auth/access';
import { assessmentCreator } from '../commands/assessmentCreator';
import type { AssessmentChallengeRow, AssessmentRow, InvitationRow } from '../rows';
import { route, type RouteRegistry } from '../http/route';
import { countStates, emptyCounts, presentAssessment, presentAssessmentSummary } from '../presenters/assessment';

export const STAFF = ['recruiter', 'admin'] as const;

export const idParams = z.object({ id: z.coerce.number().int().positive() }).strict();

const createAssessmentBody = z
  .object({
    title: z.string().trim().min(1).max(200),
    description: z.string().max(10_000).default(''),
    timeLimitMinutes: z.number().int().min(5).max(600),
    challengeIds: z
      .array(z.number().int().positive())
      .min(1)
      .max(20)
      .refine((ids) => new Set(ids).size === ids.length, 'a challenge appears twice'),
  })
  .strict();

async function challengesOf(knex: Knex, assessmentId: number): Promise<AssessmentChallengeRow[]> {
  return knex('assessment_challenges as ac')
    .join('challenges as c', 'c.id', 'ac.challenge_id')
    .where('ac.assessment_id', assessmentId)
    .orderBy('ac.position')
    .select('c.id', 'c.slug', 'c.title', 'c.kind', 'c.difficulty', 'ac.position');
}

async function fullAssessment(knex: Knex, row: AssessmentRow) {
  const [challenges, invitations] = await Promise.all([
    challengesOf(knex, row.id),
    knex('invitations').where({ assessment_id: row.id }) as Promise<InvitationRow[]>,
  ]);
  return presentAssessment(row, challenges, countStates(invitations));
}

export function assessmentRoutes(registry: RouteRegistry, deps: { db: { knex: Knex } }) {
  const { knex } = deps.db;
  const router = Router();

  route(router, registry, '/api', { method: 'post', path: '/assessments', tag: 'assessments', summary: 'Create an assessment from published challenges', auth: STAFF, body: createAssessmentBody, status: 201 }, async ({ body, user }) => {
    const id = await assessmentCreator(knex, user!.id, body);
    return { assessment: await fullAssessment(knex, await manageableAssessment(knex, user!, id)) };
  });

  route(router, registry, '/api', { method: 'get', path: '/assessments', tag: 'assessments', summary: 'List assessments (a recruiter sees their own)', auth: STAFF }, async ({ user }) => {
    const q = knex('assessments').orderBy('id', 'desc');
    const scope = assessmentListScope(user!);
    if (scope !== 'all') q.where({ recruiter_id: scope.recruiterId });
    const rows: AssessmentRow[] = await q;
    const ids = rows.map((r) => r.id);
    const [counts, invitations] = await Promise.all([
      knex('assessment_challenges').whereIn('assessment_id', ids).groupBy('assessment_id').select('assessment_id').count({ n: '*' }),
      knex('invitations').whereIn('assessment_id', ids) as Promise<InvitationRow[]>,
    ]);
    const challengeCount = new Map((counts as Array<{ assessment_id: number; n: string | number }>).map((c) => [Number(c.assessment_id), Number(c.n)]));
    const byAssessment = new Map<number, InvitationRow[]>();
    for (const inv of invitations) byAssessment.set(inv.assessment_id, [...(byAssessment.get(inv.assessment_id) ?? []), inv]);
    return {
      assessments: rows.map((r) =>
        presentAssessmentSummary(r, challengeCount.get(r.id) ?? 0, byAssessment.has(r.id) ? countStates(byAssessment.get(r.id)!) : emptyCounts()),
      ),
    };
  });

  route(router, registry, '/api', { method: 'get', path: '/assessments/:id', tag: 'assessments', summary: 'One assessment with its challenges', auth: STAFF, params: idParams }, async ({ params, user }) => ({
    assessment: await fullAssessment(knex, await manageableAssessment(knex, user!, params.id)),
  }));

  return router;
}
