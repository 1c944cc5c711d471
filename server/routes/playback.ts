// Code playback: the candidate's editor sends throttled snapshots; the assessment's recruiter (and admins) replay
// how a solution grew. Limits and storage: commands/codePlayback.ts.
import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { playbackOf } from '../queries/codePlayback';
import { snapshotRecorder } from '../commands/codePlayback';
import { route, type RouteRegistry } from '../http/route';
import { presentPlayback } from '../presenters/playback';
import { assertSourceSize, perUserLimiter } from './candidate';
import { assessmentChallenge, manageableInvitation, sessionInvitation } from '../auth/access';

/** The page sends at most one every few seconds per challenge. */
export const SNAPSHOTS_PER_MINUTE = 40;

const challengeParams = z.object({ challengeId: z.coerce.number().int().positive() }).strict();
const snapshotBody = z.object({ code: z.string() }).strict();
const playbackParams = z.object({ id: z.coerce.number().int().positive(), challengeId: z.coerce.number().int().positive() }).strict();

export function playbackRoutes(registry: RouteRegistry, deps: { db: { knex: Knex } }) {
  const { knex } = deps.db;
  const router = Router();

  router.post('/candidate/challenges/:challengeId/snapshots', perUserLimiter(SNAPSHOTS_PER_MINUTE, 'code snapshots'));
  route(router, registry, '/api', { method: 'post', path: '/candidate/challenges/:challengeId/snapshots', tag: 'candidate', summary: "Record a snapshot of the editor's code for the recruiter's playback (stored as a delta)", auth: ['candidate'], params: challengeParams, body: snapshotBody, status: 202 }, async ({ user, params, body }) => {
    const inv = await sessionInvitation(knex, user!);
    assertSourceSize(body.code);
    await assessmentChallenge(knex, inv, params.challengeId);
    return await snapshotRecorder(knex, inv, params.challengeId, body.code);
  });

  route(router, registry, '/api', { method: 'get', path: '/invitations/:id/playback/:challengeId', tag: 'reviews', summary: "How a candidate's code grew: compact frames, with each run and submit marked", auth: ['recruiter', 'admin'], params: playbackParams }, async ({ user, params }) => {
    const { invitation } = await manageableInvitation(knex, user!, params.id);
    await assessmentChallenge(knex, invitation, params.challengeId);
    const { rows, submissions } = await playbackOf(knex, invitation.id, params.challengeId);
    return presentPlayback(params.challengeId, rows, submissions);
  });

  return router;
}
