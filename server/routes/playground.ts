// The candidate's playground: "Try a request" sends one request to the candidate's current code in the sandbox
// and shows the answer, unscored and stored nowhere. runner/playground.ts builds the runner's input from the
// public parts of the challenge only, so a playground request can never run a hidden test or read its data.
import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { getKind } from '../../runner/kinds';
import { PLAYGROUND_METHODS, runQuery, tryRequest } from '../../runner/playground';
import type { Runner } from '../../runner/types';
import { loadChallengeVersion } from '../challenges/versionLoader';
import { pinnedVersions } from '../queries/invitationWindow';
import { assessmentChallenge, assertWorking, sessionInvitation } from '../auth/access';
import { notAnApiChallenge, notASqlChallenge, notFound } from '../errors';
import { route, type RouteRegistry } from '../http/route';
import { languagesFor } from '../presenters/assessment';
import { assertSourceSize, perUserLimiter } from './candidate';

export const PLAYGROUND_REQUESTS_PER_MINUTE = 15;

const params = z.object({ challengeId: z.coerce.number().int().positive() }).strict();
const body = z
  .object({
    code: z.string(),
    language: z.enum(['typescript', 'javascript']),
    request: z
      .object({
        method: z.enum(PLAYGROUND_METHODS),
        path: z.string().startsWith('/').max(2000),
        headers: z.record(z.string().max(200), z.string().max(4000)).optional(),
        query: z.record(z.string().max(200), z.union([z.string().max(4000), z.array(z.string().max(4000)).max(20)])).optional(),
        body: z.unknown().optional().describe('any JSON value'),
      })
      .strict(),
  })
  .strict();

export function playgroundRoutes(registry: RouteRegistry, deps: { db: { knex: Knex }; runner: Runner }) {
  const { knex } = deps.db;
  const router = Router();

  router.post('/candidate/challenges/:challengeId/playground', perUserLimiter(PLAYGROUND_REQUESTS_PER_MINUTE, 'playground requests'));
  route(router, registry, '/api', { method: 'post', path: '/candidate/challenges/:challengeId/playground', tag: 'candidate', summary: 'Try a request: send one request to your current code in the sandbox and see the answer (not scored, no tests run)', auth: ['candidate'], params, body }, async ({ user, params, body }) => {
    const inv = await sessionInvitation(knex, user!);
    assertWorking(inv);
    assertSourceSize(body.code);
    const row = await assessmentChallenge(knex, inv, params.challengeId);
    if (getKind(row.kind).playground !== 'requests' || !languagesFor(row.kind).includes(body.language as never)) throw notAnApiChallenge();
    const versionId = pinnedVersions(inv)[String(params.challengeId)];
    const challenge = await loadChallengeVersion(knex, versionId);
    return { result: await tryRequest(deps.runner, challenge, { code: body.code, language: body.language }, body.request) };
  });

  const queryBody = z.object({ code: z.string(), dataset: z.string().min(1).max(200).describe('the name of a sample dataset') }).strict();
  router.post('/candidate/challenges/:challengeId/query', perUserLimiter(PLAYGROUND_REQUESTS_PER_MINUTE, 'playground queries'));
  route(router, registry, '/api', { method: 'post', path: '/candidate/challenges/:challengeId/query', tag: 'candidate', summary: 'Run a read-only query against a sample dataset and see the result (at most 50 rows; not scored)', auth: ['candidate'], params, body: queryBody }, async ({ user, params, body }) => {
    const inv = await sessionInvitation(knex, user!);
    assertWorking(inv);
    assertSourceSize(body.code);
    const row = await assessmentChallenge(knex, inv, params.challengeId);
    if (getKind(row.kind).playground !== 'queries') throw notASqlChallenge();
    const challenge = await loadChallengeVersion(knex, pinnedVersions(inv)[String(params.challengeId)]);
    // Only sample datasets: a hidden dataset's name is refused like an unknown one, so none can be probed.
    if (!challenge.sql?.datasets.some((d) => d.name === body.dataset && d.visibility === 'sample')) throw notFound('no sample dataset of that name');
    return { result: await runQuery(deps.runner, challenge, body.code, body.dataset) };
  });

  return router;
}
