// Recruiter review: the leaderboard, the CSV export, one candidate's full review and the reviewer's own
// notes/rating/decision, similarity between candidates and a side-by-side comparison of two submissions.
// Recruiters reach only their own assessments (others' are a 404), admins every one; other roles get a 403.
import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { reviewableAssessment, reviewableInvitation } from '../commands/reviewAccess';
import { reviewedSubmissions, reviewsOf } from '../commands/reviewDetail';
import { assessmentResults } from '../commands/reviewResults';
import { compareSubmissions, type ComparedSubmission } from '../commands/reviewSimilarity';
import { reviewUpserter } from '../commands/reviewUpserter';
import { badRequest, notFound } from '../errors';
import { route, type RouteRegistry } from '../http/route';
import { presentCandidateReview, presentComparison, presentLeaderboard, presentReview, resultsCsv } from '../presenters/review';
import { FLAG_THRESHOLD } from '../similarity/compare';
import { similarityReport } from '../similarity/groups';
import { STORED_THRESHOLD } from '../similarity/recorder';

const STAFF = ['recruiter', 'admin'] as const;
const tag = 'reviews';

const idParams = z.object({ id: z.coerce.number().int().positive() }).strict();
const threshold = z.coerce.number().min(STORED_THRESHOLD).max(1).optional().describe(`Similarity at or above which a pair is flagged (default ${FLAG_THRESHOLD})`);
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
    const [results, similarity] = await Promise.all([
      assessmentResults(knex, assessment.id),
      similarityReport(knex, assessment.id, { threshold: query.threshold ?? FLAG_THRESHOLD }),
    ]);
    return presentLeaderboard(assessment, results, similarity);
  });

  route(router, registry, '/api', { method: 'get', path: '/assessments/:id/results.csv', tag, summary: "The assessment's results, one row per candidate (CSV)", auth: STAFF, params: idParams, produces: 'text/csv' }, async ({ params, user, res }) => {
    const assessment = await reviewableAssessment(knex, user!, params.id);
    const [results, similarity] = await Promise.all([
      assessmentResults(knex, assessment.id),
      similarityReport(knex, assessment.id, { threshold: FLAG_THRESHOLD }),
    ]);
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .attachment(`assessment-${assessment.id}-results.csv`)
      .set('Cache-Control', 'no-store')
      .send(resultsCsv(results, similarity));
  });

  route(router, registry, '/api', { method: 'get', path: '/assessments/:id/similarity', tag, summary: "Groups of candidates whose counted submissions for a challenge are similar (directly or through others), largest first, with the strongest pairs in each", auth: STAFF, params: idParams, query: similarityQuery }, async ({ params, query, user }) => {
    const assessment = await reviewableAssessment(knex, user!, params.id);
    if (query.challengeId && !(await knex('assessment_challenges').where({ assessment_id: assessment.id, challenge_id: query.challengeId }).first())) {
      throw notFound('that challenge is not part of this assessment');
    }
    const { threshold, groups } = await similarityReport(knex, assessment.id, { threshold: query.threshold ?? FLAG_THRESHOLD, challengeId: query.challengeId });
    return { threshold, groups };
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
    const [submissions, reviews, similarity] = await Promise.all([
      reviewedSubmissions(knex, invitation.id),
      reviewsOf(knex, invitation.id),
      similarityReport(knex, assessment.id, { threshold: query.threshold ?? FLAG_THRESHOLD }),
    ]);
    return presentCandidateReview({ assessment, results, candidate, submissions, reviews, reviewerId: user!.id, similarity });
  });

  route(router, registry, '/api', { method: 'put', path: '/invitations/:id/review', tag, summary: 'Create or update your review of a candidate: notes, rating 1-5, decision', auth: STAFF, params: idParams, body: reviewBody }, async ({ params, body, user }) => {
    const { invitation } = await reviewableInvitation(knex, user!, params.id);
    await reviewUpserter(knex, invitation.id, user!.id, body);
    const mine = (await reviewsOf(knex, invitation.id)).find((r) => r.reviewer_id === user!.id)!;
    return { review: presentReview(mine) };
  });

  return router;
}
