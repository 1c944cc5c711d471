// Recruiter review: the leaderboard, the CSV export, one candidate's full review and the reviewer's own
// notes/rating/decision, similarity between candidates and a side-by-side comparison of two submissions.
// Recruiters reach only their own assessments (others' are a 404), admins every one; other roles get a 403.
import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { reviewableAssessment, reviewableInvitation } from '../commands/reviewAccess';
import { reviewedSubmissions, reviewsOf } from '../commands/reviewDetail';
import { assessmentResults } from '../commands/reviewResults';
import { integritySummaries } from '../commands/integritySignals';
import { assessmentSimilarity, compareSubmissions, type ComparedSubmission } from '../commands/reviewSimilarity';
import { reviewUpserter } from '../commands/reviewUpserter';
import { badRequest, notFound } from '../errors';
import { route, type RouteRegistry } from '../http/route';
import { presentCandidateReview, presentComparison, presentLeaderboard, presentReview, resultsCsv } from '../presenters/review';
import { FLAG_THRESHOLD } from '../similarity/compare';

const STAFF = ['recruiter', 'admin'] as const;
const tag = 'reviews';

const idParams = z.object({ id: z.coerce.number().int().positive() }).strict();
const threshold = z.coerce.number().min(0.05).max(1).optional().describe(`Similarity at or above which a pair is flagged (default ${FLAG_THRESHOLD})`);
const leaderboardQuery = z.object({ threshold }).strict();
const similarityQuery = z.object({ challengeId: z.coerce.number().int().positive().optional(), threshold }).strict();
const compareQuery = z
  .object({
    a: z.coerce.number().int().positive().describe('a submission id'),
    b: z.coerce.number().int().positive().describe('another submission id of the same challenge'),
  })
  .strict();

export const reviewBody = z
  .object({
    notes: z.string().max(20_000).optional(),
    rating: z.number().int().min(1).max(5).nullable().optional(),
    decision: z.enum(['advance', 'hold', 'reject']).nullable().optional(),
  })
  .strict()
  .refine((b) => b.notes !== undefined || b.rating !== undefined || b.decision !== undefined, 'give notes, a rating or a decision');

export function reviewRoutes(registry: RouteRegistry, deps: { db: { knex: Knex } }) {
  const { knex } = deps.db;
  const router = Router();

  route(router, registry, '/api', { method: 'get', path: '/assessments/:id/leaderboard', tag, summary: 'Candidates ranked by total score, then time used, with similarity flags', auth: STAFF, params: idParams, query: leaderboardQuery }, async ({ params, query, user }) => {
    const assessment = await reviewableAssessment(knex, user!, params.id);
    const results = await assessmentResults(knex, assessment.id);
    const limit = query.threshold ?? FLAG_THRESHOLD;
    const pairs = await assessmentSimilarity(knex, results, { threshold: limit });
    return presentLeaderboard(assessment, results, pairs, limit);
  });

  route(router, registry, '/api', { method: 'get', path: '/assessments/:id/results.csv', tag, summary: "The assessment's results, one row per candidate (CSV)", auth: STAFF, params: idParams, produces: 'text/csv' }, async ({ params, user, res }) => {
    const assessment = await reviewableAssessment(knex, user!, params.id);
    const results = await assessmentResults(knex, assessment.id);
    const pairs = await assessmentSimilarity(knex, results);
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .attachment(`assessment-${assessment.id}-results.csv`)
      .set('Cache-Control', 'no-store')
      .send(resultsCsv(results, pairs, await integritySummaries(knex, results.candidates.map((c) => c.invitation.id))));
  });

  route(router, registry, '/api', { method: 'get', path: '/assessments/:id/similarity', tag, summary: "Similarity of every pair of candidates' scored submissions, per challenge, highest first", auth: STAFF, params: idParams, query: similarityQuery }, async ({ params, query, user }) => {
    const assessment = await reviewableAssessment(knex, user!, params.id);
    const results = await assessmentResults(knex, assessment.id);
    if (query.challengeId && !results.challenges.some((c) => c.id === query.challengeId)) throw notFound('that challenge is not part of this assessment');
    const limit = query.threshold ?? FLAG_THRESHOLD;
    const emails = new Map(results.candidates.map((c) => [c.invitation.id, c.invitation.email]));
    const pairs = await assessmentSimilarity(knex, results, { challengeId: query.challengeId, threshold: limit });
    const side = (s: { invitationId: number; submissionId: number }) => ({ ...s, email: emails.get(s.invitationId) ?? null });
    return { threshold: limit, pairs: pairs.map((p) => ({ ...p, a: side(p.a), b: side(p.b) })) };
  });

  route(router, registry, '/api', { method: 'get', path: '/assessments/:id/compare', tag, summary: 'Two submissions of the same challenge side by side, with their similarity and matching regions', auth: STAFF, params: idParams, query: compareQuery }, async ({ params, query, user }) => {
    const assessment = await reviewableAssessment(knex, user!, params.id);
    if (query.a === query.b) throw badRequest('compare two different submissions');
    const rows: Array<ComparedSubmission & { email: string; score: number | null; verdict: string | null; mode: string; created_at: Date }> = await knex('submissions as s')
      .join('invitations as i', 'i.id', 's.invitation_id')
      .where('i.assessment_id', assessment.id)
      .whereIn('s.id', [query.a, query.b])
      .select('s.id', 's.invitation_id', 's.challenge_id', 's.challenge_version_id', 's.language', 's.code', 's.score', 's.verdict', 's.mode', 's.created_at', 'i.email');
    const a = rows.find((r) => r.id === query.a);
    const b = rows.find((r) => r.id === query.b);
    if (!a || !b) throw notFound('no such submission in this assessment');
    if (a.challenge_id !== b.challenge_id) throw badRequest('the two submissions are for different challenges');
    const similarity = await compareSubmissions(knex, a, b);
    return presentComparison({ submission: a, email: a.email }, { submission: b, email: b.email }, similarity);
  });

  route(router, registry, '/api', { method: 'get', path: '/invitations/:id/review', tag, summary: "A candidate's review: scores, every submission with code and full test detail, time used, history, reviews", auth: STAFF, params: idParams, query: leaderboardQuery }, async ({ params, query, user }) => {
    const { invitation, assessment } = await reviewableInvitation(knex, user!, params.id);
    const results = await assessmentResults(knex, assessment.id);
    const candidate = results.candidates.find((c) => c.invitation.id === invitation.id)!;
    const limit = query.threshold ?? FLAG_THRESHOLD;
    const [submissions, reviews, pairs] = await Promise.all([
      reviewedSubmissions(knex, invitation.id),
      reviewsOf(knex, invitation.id),
      assessmentSimilarity(knex, results, { threshold: limit }),
    ]);
    return presentCandidateReview({ assessment, results, candidate, submissions, reviews, reviewerId: user!.id, pairs, threshold: limit });
  });

  route(router, registry, '/api', { method: 'put', path: '/invitations/:id/review', tag, summary: 'Create or update your review of a candidate: notes, rating 1-5, decision', auth: STAFF, params: idParams, body: reviewBody }, async ({ params, body, user }) => {
    const { invitation } = await reviewableInvitation(knex, user!, params.id);
    await reviewUpserter(knex, invitation.id, user!.id, body);
    const mine = (await reviewsOf(knex, invitation.id)).find((r) => r.reviewer_id === user!.id)!;
    return { review: presentReview(mine) };
  });

  return router;
}
