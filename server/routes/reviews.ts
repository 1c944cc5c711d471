// Recruiter review: the leaderboard, the CSV export, one candidate's full review and the reviewer's own
// notes/rating/decision, similarity between candidates and a side-by-side comparison of two submissions.
// Recruiters reach only their own assessments (others' are a 404), admins every one; other roles get a 403.
import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { assessmentChallenge, manageableAssessment, manageableInvitation } from '../auth/access';
import { reviewedSubmissions, reviewsOf } from '../queries/reviewDetail';
import { assessmentChallenges } from '../queries/reviewResults';
import { compareSubmissions, submissionsInAssessment } from '../queries/reviewSimilarity';
import { integritySummaries } from '../queries/integritySignals';
import { reviewUpserter } from '../commands/reviewUpserter';
import { badRequest, notFound } from '../errors';
import { route, type RouteRegistry } from '../http/route';
import { csvHeader, csvRows, presentCandidateReview, presentComparison, presentLeaderboard, presentReview } from '../presenters/review';
import { FLAG_THRESHOLD } from '../similarity/compare';
import { similarityReport } from '../similarity/groups';
import { rowFlags } from '../similarity/rowFlags';
import { decodeCursor, leaderboardPage, pageResults, rankedBoard, SORTS, type LeaderboardQuery } from '../queries/leaderboard';
import { STORED_THRESHOLD } from '../similarity/recorder';

const STAFF = ['recruiter', 'admin'] as const;
const tag = 'reviews';

const idParams = z.object({ id: z.coerce.number().int().positive() }).strict();
const threshold = z.coerce.number().min(STORED_THRESHOLD).max(1).optional().describe(`Similarity at or above which a pair is flagged (default ${FLAG_THRESHOLD})`);
const leaderboardQuery = z.object({ threshold }).strict();
const STATES = ['invited', 'started', 'finished', 'expired', 'revoked'] as const;
const boardQuery = z
  .object({
    threshold,
    cursor: z.string().max(400).refine((c) => decodeCursor(c) !== null, 'not a cursor from this API').optional().describe('page.nextCursor of the previous page'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    sort: z.enum(SORTS).default('rank'),
    order: z.enum(['asc', 'desc']).optional().describe('default: descending for total, ascending otherwise'),
    state: z.enum(STATES).optional(),
    minScore: z.coerce.number().min(0).optional().describe('lowest total'),
    maxScore: z.coerce.number().min(0).optional().describe('highest total'),
    q: z.string().trim().min(1).max(320).optional().describe('part of the email or name'),
  })
  .strict();
// Candidates per page of the streamed CSV: memory holds one page of full results whatever the assessment's size.
const CSV_PAGE = 500;
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

  route(router, registry, '/api', { method: 'get', path: '/assessments/:id/leaderboard', tag, summary: 'Candidates ranked by total score, then time used, with similarity group flags: one keyset page, filtered and sorted by the database', auth: STAFF, params: idParams, query: boardQuery }, async ({ params, query, user }) => {
    const assessment = await manageableAssessment(knex, user!, params.id);
    const { threshold: asked, order, ...rest } = query;
    const board: LeaderboardQuery = { ...rest, order: order ?? (rest.sort === 'total' ? 'desc' : 'asc') };
    const threshold = asked ?? FLAG_THRESHOLD;
    const page = await leaderboardPage(knex, assessment.id, board);
    // Flags of this page's candidates only: the whole report (every member of every group) is the similarity route's.
    const [results, flags] = await Promise.all([pageResults(knex, assessment.id, page), rowFlags(knex, assessment.id, page.rows.map((r) => r.id), threshold)]);
    return presentLeaderboard(assessment, results, { threshold, flags }, { limit: board.limit, nextCursor: page.nextCursor, matching: page.matching, ranked: page.ranked });
  });

  route(router, registry, '/api', { method: 'get', path: '/assessments/:id/results.csv', tag, summary: "The assessment's results, one row per candidate (CSV)", auth: STAFF, params: idParams, produces: 'text/csv' }, async ({ params, user, res }) => {
    const assessment = await manageableAssessment(knex, user!, params.id);
    const [challenges, similarity] = await Promise.all([
      assessmentChallenges(knex, assessment.id),
      similarityReport(knex, assessment.id, { threshold: FLAG_THRESHOLD }),
    ]);
    res.status(200).type('text/csv; charset=utf-8').attachment(`assessment-${assessment.id}-results.csv`).set('Cache-Control', 'no-store');
    res.write(csvHeader(challenges));
    // The rank order read once (with one clock, so ranks agree across pages), then full results fetched and written
    // a page at a time, each written (and waited for, if the client reads slowly) before the next is read: memory
    // holds one page of results, never the assessment's, and no transaction stays open while a client downloads.
    const now = new Date();
    const board = await rankedBoard(knex, assessment.id, now);
    for (let i = 0; i < board.length && !res.destroyed; i += CSV_PAGE) {
      const results = await pageResults(knex, assessment.id, { rows: board.slice(i, i + CSV_PAGE) }, now.getTime());
      const signals = await integritySummaries(knex, results.candidates.map((c) => c.invitation.id));
      const chunk = csvRows(results, similarity, signals);
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
    }
    res.end();
  });

  route(router, registry, '/api', { method: 'get', path: '/assessments/:id/similarity', tag, summary: "Groups of candidates whose counted submissions for a challenge are similar (directly or through others), largest first, with the strongest pairs in each", auth: STAFF, params: idParams, query: similarityQuery }, async ({ params, query, user }) => {
    const assessment = await manageableAssessment(knex, user!, params.id);
    if (query.challengeId) await assessmentChallenge(knex, { assessment_id: assessment.id }, query.challengeId);
    const { threshold, groups } = await similarityReport(knex, assessment.id, { threshold: query.threshold ?? FLAG_THRESHOLD, challengeId: query.challengeId });
    return { threshold, groups };
  });

  route(router, registry, '/api', { method: 'get', path: '/assessments/:id/compare', tag, summary: 'Two submissions of the same challenge side by side, with their similarity and matching regions', auth: STAFF, params: idParams, query: compareQuery }, async ({ params, query, user }) => {
    const assessment = await manageableAssessment(knex, user!, params.id);
    if (query.a === query.b) throw badRequest('compare two different submissions');
    const rows = await submissionsInAssessment(knex, assessment.id, [query.a, query.b]);
    const a = rows.find((r) => r.id === query.a);
    const b = rows.find((r) => r.id === query.b);
    if (!a || !b) throw notFound('no such submission in this assessment');
    if (a.challenge_id !== b.challenge_id) throw badRequest('the two submissions are for different challenges');
    const similarity = await compareSubmissions(knex, a, b);
    return presentComparison({ submission: a, email: a.email }, { submission: b, email: b.email }, similarity);
  });

  route(router, registry, '/api', { method: 'get', path: '/invitations/:id/review', tag, summary: "A candidate's review: scores, every submission with code and full test detail, time used, history, reviews", auth: STAFF, params: idParams, query: leaderboardQuery }, async ({ params, query, user }) => {
    const { invitation, assessment } = await manageableInvitation(knex, user!, params.id);
    // The candidate's row ranked by the database among everyone, then only their own results loaded in full.
    const row = await leaderboardPage(knex, assessment.id, { sort: 'rank', order: 'asc', limit: 1, invitationId: invitation.id });
    const results = await pageResults(knex, assessment.id, row);
    const candidate = results.candidates[0];
    const [submissions, reviews, similarity] = await Promise.all([
      reviewedSubmissions(knex, invitation.id),
      reviewsOf(knex, invitation.id),
      similarityReport(knex, assessment.id, { threshold: query.threshold ?? FLAG_THRESHOLD }),
    ]);
    return presentCandidateReview({ assessment, results, candidate, submissions, reviews, reviewerId: user!.id, similarity, ranked: row.ranked });
  });

  route(router, registry, '/api', { method: 'put', path: '/invitations/:id/review', tag, summary: 'Create or update your review of a candidate: notes, rating 1-5, decision', auth: STAFF, params: idParams, body: reviewBody }, async ({ params, body, user }) => {
    const { invitation } = await manageableInvitation(knex, user!, params.id);
    await reviewUpserter(knex, invitation.id, user!.id, body);
    const mine = (await reviewsOf(knex, invitation.id)).find((r) => r.reviewer_id === user!.id)!;
    return { review: presentReview(mine) };
  });

  return router;
}
