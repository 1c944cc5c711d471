// The candidate's own assessment: everything is scoped to the invitation in the session.
import { Router, type Request } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Language } from '../../runner/types';
import type { SessionUser } from '../auth/roles';
import { assessmentChallenge, sessionInvitation } from '../auth/access';
import { assessmentFinisher } from '../commands/assessmentFinisher';
import { assessmentStarter } from '../commands/assessmentStarter';
import { codeDraftSaver } from '../commands/codeDraftSaver';
import { candidateAssessmentOf } from '../queries/candidateAssessment';
import type { InvitationRow, SubmissionRow } from '../rows';
import { submissionCreator } from '../commands/submissionCreator';
import { languageMismatch, sourceTooLarge, tooManyRequests } from '../errors';
import { route, type RouteRegistry } from '../http/route';
import type { EventBus } from '../judging/eventBus';
import type { JudgeQueue } from '../judging/queue';
import { languagesFor, presentCandidateAssessment } from '../presenters/assessment';
import { presentSubmissionSummary } from '../presenters/submission';

export const MAX_SOURCE_BYTES = 64 * 1024;
export const SUBMITS_PER_MINUTE = 10;
export const RUNS_PER_MINUTE = 20;

const challengeParams = z.object({ challengeId: z.coerce.number().int().positive() }).strict();
const codeBody = z.object({ code: z.string() }).strict();
const sourceBody = z.object({ code: z.string(), language: z.enum(['typescript', 'javascript', 'sql']) }).strict();
const submissionsQuery = z.object({ challengeId: z.coerce.number().int().positive().optional() }).strict();

export function assertSourceSize(code: string): void {
  if (Buffer.byteLength(code, 'utf8') > MAX_SOURCE_BYTES) throw sourceTooLarge(MAX_SOURCE_BYTES);
}

/**
 * The candidate's view of an invitation, given as the row the caller already holds (or its id). `fresh`: the
 * assessment was started by this very request, so it has no drafts or submissions to read.
 */
export async function presentCandidateAssessmentFor(knex: Knex, invitation: InvitationRow | number, options: { fresh?: boolean } = {}) {
  const { inv, assessment, challenges } = await candidateAssessmentOf(knex, invitation, options);
  return presentCandidateAssessment(inv, assessment, challenges);
}

export function perUserLimiter(perMinute: number, what: string) {
  return rateLimit({
    windowMs: 60 * 1000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req: Request) => {
      const user = req.user as SessionUser | undefined;
      return user ? `user:${user.id}` : `ip:${ipKeyGenerator(req.ip ?? '')}`;
    },
    handler: (_req, _res, next) => next(tooManyRequests(`at most ${perMinute} ${what} per minute; wait a moment`)),
  });
}

export function candidateRoutes(registry: RouteRegistry, deps: { db: { knex: Knex }; bus: EventBus; queue: JudgeQueue }) {
  const { knex } = deps.db;
  const commandDeps = { knex, bus: deps.bus, queue: deps.queue };
  const router = Router();
  const auth = ['candidate'] as const;

  route(router, registry, '/api', { method: 'get', path: '/candidate/assessment', tag: 'candidate', summary: 'My assessment: state, clock and (once started) challenges', auth }, async ({ user }) => {
    const inv = await sessionInvitation(knex, user!);
    return { assessment: await presentCandidateAssessmentFor(knex, inv) };
  });

  route(router, registry, '/api', { method: 'post', path: '/candidate/start', tag: 'candidate', summary: 'Start the clock (the first call only)', auth }, async ({ user }) => {
    const inv = await sessionInvitation(knex, user!);
    const started = await assessmentStarter(commandDeps, inv.id, inv);
    return { assessment: await presentCandidateAssessmentFor(knex, started, { fresh: !inv.started_at }) };
  });

  route(router, registry, '/api', { method: 'put', path: '/candidate/challenges/:challengeId/draft', tag: 'candidate', summary: 'Autosave the draft of a challenge', auth, params: challengeParams, body: codeBody }, async ({ user, params, body }) => {
    const inv = await sessionInvitation(knex, user!);
    assertSourceSize(body.code);
    await assessmentChallenge(knex, inv, params.challengeId);
    const { updatedAt } = await codeDraftSaver(knex, { invitationId: inv.id, challengeId: params.challengeId, code: body.code });
    return { draft: { challengeId: params.challengeId, updatedAt: updatedAt.toISOString() } };
  });

  const createSubmission = async (user: SessionUser, challengeId: number, body: { code: string; language: Language }, mode: 'run' | 'submit') => {
    const inv = await sessionInvitation(knex, user);
    assertSourceSize(body.code);
    const challenge = await assessmentChallenge(knex, inv, challengeId);
    if (!languagesFor(challenge.kind).includes(body.language as never))
      throw languageMismatch(`a ${challenge.kind} challenge takes ${languagesFor(challenge.kind).join(' or ')}`);
    const row = await submissionCreator(commandDeps, { invitationId: inv.id, userId: user.id, challengeId, mode, language: body.language, code: body.code });
    return { submission: presentSubmissionSummary(row) };
  };

  router.post('/candidate/challenges/:challengeId/run', perUserLimiter(RUNS_PER_MINUTE, 'runs'));
  route(router, registry, '/api', { method: 'post', path: '/candidate/challenges/:challengeId/run', tag: 'candidate', summary: 'Run the sample tests (not scored); results arrive live', auth, params: challengeParams, body: sourceBody, status: 202 }, ({ user, params, body }) =>
    createSubmission(user!, params.challengeId, body, 'run'),
  );

  router.post('/candidate/challenges/:challengeId/submissions', perUserLimiter(SUBMITS_PER_MINUTE, 'submissions'));
  route(router, registry, '/api', { method: 'post', path: '/candidate/challenges/:challengeId/submissions', tag: 'candidate', summary: 'Submit for scoring against every test; results arrive live', auth, params: challengeParams, body: sourceBody, status: 202 }, ({ user, params, body }) =>
    createSubmission(user!, params.challengeId, body, 'submit'),
  );

  route(router, registry, '/api', { method: 'get', path: '/candidate/submissions', tag: 'candidate', summary: 'My runs and submissions', auth, query: submissionsQuery }, async ({ user, query }) => {
    const inv = await sessionInvitation(knex, user!);
    const q = knex('submissions').where({ invitation_id: inv.id, user_id: user!.id }).orderBy('id', 'desc');
    if (query.challengeId) q.where({ challenge_id: query.challengeId });
    return { submissions: ((await q) as SubmissionRow[]).map(presentSubmissionSummary) };
  });

  route(router, registry, '/api', { method: 'post', path: '/candidate/finish', tag: 'candidate', summary: 'Hand in: no more changes', auth }, async ({ user }) => {
    const inv = await sessionInvitation(knex, user!);
    await assessmentFinisher(commandDeps, inv.id);
    return { assessment: await presentCandidateAssessmentFor(knex, inv.id) };
  });

  return router;
}
