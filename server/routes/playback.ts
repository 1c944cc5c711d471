// Code playback: the candidate's editor sends throttled snapshots; the assessment's recruiter (and admins) replay
// how a solution grew. Limits and storage: commands/codePlayback.ts.
import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { playbackOf } from '../queries/codePlayback';
import { snapshotRecorder } from '../commands/codePlayback';
import { reviewableInvitation } from '../auth/access';
import { HttpError, notFound } from '../errors';
import { route, type RouteRegistry } from '../http/route';
import { presentPlayback } from '../presenters/playback';
import { MAX_SOURCE_BYTES, perUserLimiter, sessionInvitation } from './candidate';

/** The page sends at most one every few seconds per challenge. */
export const SNAPSHOTS_PER_MINUTE = 40;

const challengeParams = z.object({ challengeId: z.coerce.number().int().positive() }).strict();
const snapshotBody = z.object({ code: z.string() }).strict();
const playbackParams = z.object({ id: z.coerce.number().int().positive(), challengeId: z.coerce.number().int().positive() }).strict();

async function inAssessment(knex: Knex, assessmentId: number, challengeId: number): Promise<void> {
  const row = await knex('assessment_challenges').where({ assessment_id: assessmentId, challenge_id: challengeId }).first('challenge_id');
  if (!row) throw notFound('this challenge is not part of the assessment');
}

export function playbackRoutes(registry: RouteRegistry, deps: { db: { knex: Knex } }) {
  const { knex } = deps.db;
  const router = Router();

  router.post('/candidate/challenges/:challengeId/snapshots', perUserLimiter(SNAPSHOTS_PER_MINUTE, 'code snapshots'));
  route(router, registry, '/api', { method: 'post', path: '/candidate/challenges/:challengeId/snapshots', tag: 'candidate', summary: "Record a snapshot of the editor's code for the recruiter's playback (stored as a delta)", auth: ['candidate'], params: challengeParams, body: snapshotBody, status: 202 }, async ({ user, params, body }) => {
    const inv = await sessionInvitation(knex, user!);
    if (Buffer.byteLength(body.code, 'utf8') > MAX_SOURCE_BYTES) throw new HttpError(413, 'source_too_large', `the code is larger than ${MAX_SOURCE_BYTES / 1024} KB`);
    await inAssessment(knex, inv.assessment_id, params.challengeId);
    return await snapshotRecorder(knex, inv, params.challengeId, body.code);
  });

  route(router, registry, '/api', { method: 'get', path: '/invitations/:id/playback/:challengeId', tag: 'reviews', summary: "How a candidate's code grew: compact frames, with each run and submit marked", auth: ['recruiter', 'admin'], params: playbackParams }, async ({ user, params }) => {
    const { invitation } = await reviewableInvitation(knex, user!, params.id);
    await inAssessment(knex, invitation.assessment_id, params.challengeId);
    const { rows, submissions } = await playbackOf(knex, invitation.id, params.challengeId);
    return presentPlayback(params.challengeId, rows, submissions);
  });

  return router;
}
