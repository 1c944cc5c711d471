// The candidate's own assessment: everything is scoped to the invitation in the session.
import { Router, type Request } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Language } from '../../runner/types';
import type { SessionUser } from '../auth/roles';
import { loadChallengeVersion } from '../challenges/versionLoader';
import { assessmentFinisher } from '../commands/assessmentFinisher';
import { assessmentStarter } from '../commands/assessmentStarter';
import { codeDraftSaver } from '../commands/codeDraftSaver';
import { pinnedVersions } from '../queries/invitationWindow';
import type { AssessmentChallengeRow, AssessmentRow, InvitationRow, SubmissionRow } from '../rows';
import { submissionCreator } from '../commands/submissionCreator';
import { forbidden, HttpError, notFound, tooManyRequests } from '../errors';
import { route, type RouteRegistry } from '../http/route';
import type { EventBus } from '../judging/eventBus';
import type { JudgeQueue } from '../judging/queue';
import { languagesFor, presentCandidateAssessment, type CandidateChallengeInput } from '../presenters/assessment';
import { bestScores } from '../presenters/invitation';
import { presentSubmissionSummary } from '../presenters/submission';

export const MAX_SOURCE_BYTES = 64 * 1024;
export const SUBMITS_PER_MINUTE = 10;
export const RUNS_PER_MINUTE = 20;

const challengeParams = z.object({ challengeId: z.coerce.number().int().positive() }).strict();
const codeBody = z.object({ code: z.string() }).strict();
const sourceBody = z.object({ code: z.string(), language: z.enum(['typescript', 'javascript', 'sql']) }).strict();
const submissionsQuery = z.object({ challengeId: z.coerce.number().int().positive().optional() }).strict();

function assertSourceSize(code: string): void {
  if (Buffer.byteLength(code, 'utf8') > MAX_SOURCE_BYTES)
    throw new HttpError(413, 'source_too_large', `the code is larger than ${MAX_SOURCE_BYTES / 1024} KB`);
}

/** The session's invitation; staff accounts and candidates without one are refused. */
export async function sessionInvitation(knex: Knex, user: SessionUser): Promise<InvitationRow> {
  if (user.role !== 'candidate' || !user.invitationId) throw forbidden('open your invite link to sign in to an assessment');
  const inv: InvitationRow | undefined = await knex('invitations').where({ id: user.invitationId }).first();
  if (!inv || inv.candidate_id !== user.id) throw forbidden('this session has no assessment');
  if (inv.revoked_at) throw new HttpError(403, 'invitation_revoked', 'this invitation was revoked');
  return inv;
}

async function challengeOf(knex: Knex, inv: InvitationRow, challengeId: number): Promise<AssessmentChallengeRow> {
  const row = await knex('assessment_challenges as ac')
    .join('challenges as c', 'c.id', 'ac.challenge_id')
    .where({ 'ac.assessment_id': inv.assessment_id, 'ac.challenge_id': challengeId })
    .first('c.id', 'c.slug', 'c.title', 'c.kind', 'c.difficulty', 'ac.position');
  if (!row) throw notFound('this challenge is not part of your assessment');
  return row;
}

/** The assessment and its challenges in position order, in one statement (every candidate reads them on opening). */
async function assessmentWithChallenges(knex: Knex, assessmentId: number): Promise<{ assessment: AssessmentRow; rows: AssessmentChallengeRow[] }> {
  const row = await knex('assessments as a')
    .where('a.id', assessmentId)
    .first(
      'a.*',
      knex.raw(
        `coalesce((select json_agg(json_build_object('id', c.id, 'slug', c.slug, 'title', c.title, 'kind', c.kind, 'difficulty', c.difficulty, 'position', ac.position) order by ac.position)
          from assessment_challenges ac join challenges c on c.id = ac.challenge_id where ac.assessment_id = a.id), '[]'::json) as challenge_rows`,
      ),
    );
  const { challenge_rows: rows, ...assessment } = row;
  return { assessment: assessment as AssessmentRow, rows: (typeof rows === 'string' ? JSON.parse(rows) : rows) as AssessmentChallengeRow[] };
}

/**
 * The candidate's view of an invitation, given as the row the caller already holds (or its id). `fresh`: the
 * assessment was started by this very request, so it has no drafts or submissions to read.
 */
export async function presentCandidateAssessmentFor(knex: Knex, invitation: InvitationRow | number, { fresh = false } = {}) {
  const inv: InvitationRow = typeof invitation === 'number' ? await knex('invitations').where({ id: invitation }).first() : invitation;
  const { assessment, rows } = await assessmentWithChallenges(knex, inv.assessment_id);
  if (!inv.started_at) return presentCandidateAssessment(inv, assessment, rows.map((row) => ({ row })));

  const pinned = pinnedVersions(inv);
  const [drafts, submitted] = fresh
    ? [[], []]
    : await Promise.all([
        knex('drafts').where({ invitation_id: inv.id }).select('challenge_id', 'code', 'updated_at'),
        knex('submissions')
          .where({ invitation_id: inv.id, mode: 'submit', status: 'finished' })
          .select('id', 'invitation_id', 'challenge_id', 'score', 'points', 'max_points', 'verdict'),
      ]);
  const best = bestScores(submitted).get(inv.id) ?? {};
  const challenges: CandidateChallengeInput[] = await Promise.all(
    rows.map(async (row) => ({
      row,
      challenge: await loadChallengeVersion(knex, pinned[String(row.id)]),
      draft: drafts.find((d: { challenge_id: number }) => d.challenge_id === row.id),
      best: best[String(row.id)],
    })),
  );
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
    await challengeOf(knex, inv, params.challengeId);
    const { updatedAt } = await codeDraftSaver(knex, { invitationId: inv.id, challengeId: params.challengeId, code: body.code });
    return { draft: { challengeId: params.challengeId, updatedAt: updatedAt.toISOString() } };
  });

  const createSubmission = async (user: SessionUser, challengeId: number, body: { code: string; language: Language }, mode: 'run' | 'submit') => {
    const inv = await sessionInvitation(knex, user);
    assertSourceSize(body.code);
    const challenge = await challengeOf(knex, inv, challengeId);
    if (!languagesFor(challenge.kind).includes(body.language as never))
      throw new HttpError(400, 'language_mismatch', `a ${challenge.kind} challenge takes ${languagesFor(challenge.kind).join(' or ')}`);
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
