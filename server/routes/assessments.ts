import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { assessmentListScope, manageableAssessment } from '../auth/access';
import { assessmentCreator } from '../commands/assessmentCreator';
import { assessmentList, assessmentWithInvitations } from '../queries/assessments';
import type { AssessmentRow } from '../rows';
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

async function fullAssessment(knex: Knex, row: AssessmentRow) {
  const { challenges, invitations } = await assessmentWithInvitations(knex, row);
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
    const list = await assessmentList(knex, assessmentListScope(user!));
    return {
      assessments: list.map(({ row, challengeCount, invitations }) =>
        presentAssessmentSummary(row, challengeCount, invitations.length ? countStates(invitations) : emptyCounts()),
      ),
    };
  });

  route(router, registry, '/api', { method: 'get', path: '/assessments/:id', tag: 'assessments', summary: 'One assessment with its challenges', auth: STAFF, params: idParams }, async ({ params, user }) => ({
    assessment: await fullAssessment(knex, await manageableAssessment(knex, user!, params.id)),
  }));

  return router;
}
