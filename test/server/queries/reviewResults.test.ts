import assert from 'node:assert/strict';
import { challengeScores, rankCandidates, summariseReviews, timeUsed, type CandidateResult } from '../../../server/queries/reviewResults';
import type { InvitationRow } from '../../../server/rows';
import { csvCell, csvLine, scoreChanges } from '../../../server/presenters/review';

const invitation = (over: Partial<InvitationRow> = {}): InvitationRow => ({
  id: 1,
  assessment_id: 1,
  candidate_id: 1,
  email: 'x@example.test',
  expires_at: '2030-01-01T00:00:00Z',
  started_at: null,
  deadline_at: null,
  finished_at: null,
  revoked_at: null,
  pinned_versions: null,
  created_at: '2026-01-01T00:00:00Z',
  ...over,
});

describe('review results', () => {
  describe('challengeScores', () => {
    it('counts the best finished submit (earliest on a tie), shows the last, counts attempts and runs', () => {
      const s = challengeScores([
        { id: 1, invitation_id: 1, challenge_id: 1, mode: 'run', status: 'finished', score: 100, verdict: 'accepted' },
        { id: 2, invitation_id: 1, challenge_id: 1, mode: 'submit', status: 'finished', score: 80, verdict: 'wrong_answer' },
        { id: 3, invitation_id: 1, challenge_id: 1, mode: 'submit', status: 'finished', score: 80, verdict: 'wrong_answer' },
        { id: 4, invitation_id: 1, challenge_id: 1, mode: 'submit', status: 'finished', score: 30, verdict: 'wrong_answer' },
        { id: 5, invitation_id: 1, challenge_id: 1, mode: 'submit', status: 'queued', score: null, verdict: null },
      ]);
      assert.deepEqual(s, { score: 80, submissionId: 2, verdict: 'wrong_answer', lastScore: 30, lastSubmissionId: 4, attempts: 4, runs: 1 });
      assert.equal(challengeScores([]).score, null);
    });
  });

  describe('timeUsed', () => {
    const start = '2026-05-01T10:00:00Z';
    it('runs from start to finish, capped at the deadline', () => {
      assert.deepEqual(timeUsed(invitation({ started_at: start, deadline_at: '2026-05-01T11:00:00Z', finished_at: '2026-05-01T10:30:00Z' })), {
        seconds: 1800,
        ongoing: false,
        endedAt: '2026-05-01T10:30:00.000Z',
        endedBy: 'finished',
      });
      assert.equal(timeUsed(invitation({ started_at: start, deadline_at: '2026-05-01T11:00:00Z' }), Date.parse('2026-05-01T12:00:00Z')).seconds, 3600);
      const running = timeUsed(invitation({ started_at: start, deadline_at: '2026-05-01T11:00:00Z' }), Date.parse('2026-05-01T10:10:00Z'));
      assert.deepEqual([running.seconds, running.ongoing, running.endedBy], [600, true, null]);
      assert.equal(timeUsed(invitation()).seconds, null);
    });
  });

  describe('rankCandidates', () => {
    const result = (id: number, total: number, seconds: number | null): CandidateResult => ({
      invitation: invitation({ id, started_at: seconds === null ? null : '2026-05-01T10:00:00Z' }),
      state: 'finished',
      candidate: null,
      timeUsed: { seconds, ongoing: false, endedAt: null, endedBy: null },
      scores: {},
      total,
      attempts: 0,
      review: { rating: null, decision: null, reviewers: 0 },
      rank: null,
    });
    it('ranks by total, then time used; equal on both share a rank; not started are unranked, last', () => {
      const ranked = rankCandidates([result(1, 150, 900), result(2, 200, 1200), result(3, 150, 600), result(4, 0, null), result(5, 150, 600)]);
      assert.deepEqual(
        ranked.map((r) => [r.invitation.id, r.rank]),
        [[2, 1], [3, 2], [5, 2], [1, 4], [4, null]],
      );
    });
  });

  describe('summariseReviews', () => {
    it('averages ratings and keeps the latest decision', () => {
      assert.deepEqual(
        summariseReviews([
          { invitation_id: 1, rating: 4, decision: 'hold', updated_at: '2026-01-01T00:00:00Z' },
          { invitation_id: 1, rating: 5, decision: 'advance', updated_at: '2026-01-02T00:00:00Z' },
          { invitation_id: 1, rating: null, decision: null, updated_at: '2026-01-03T00:00:00Z' },
        ]),
        { rating: 4.5, decision: 'advance', reviewers: 3 },
      );
    });
  });

  describe('CSV cells', () => {
    it('quotes commas, quotes and line breaks (RFC 4180)', () => {
      assert.equal(csvCell('plain'), 'plain');
      assert.equal(csvCell('a,b'), '"a,b"');
      assert.equal(csvCell('say "hi"'), '"say ""hi"""');
      assert.equal(csvCell('two\nlines'), '"two\nlines"');
      assert.equal(csvCell(null), '');
      assert.equal(csvCell(42.5), '42.5');
      assert.equal(csvLine(['a', null, 3]), 'a,,3');
    });
    it('neutralises formula cells with a leading quote', () => {
      assert.equal(csvCell('=HYPERLINK("http://evil","x")'), `"'=HYPERLINK(""http://evil"",""x"")"`);
      assert.equal(csvCell('+1+1'), "'+1+1");
      assert.equal(csvCell('-2+3@example.test'), "'-2+3@example.test");
      assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
      assert.equal(csvCell('\t=1'), "'\t=1");
      assert.equal(csvCell('a=b'), 'a=b');
    });
  });

  describe('scoreChanges', () => {
    it('says what changed and why, once per change', () => {
      const j = (score: number | null, reason: string, version: number, finished = true) => ({
        id: 1, versionId: 1, version, reason, verdict: 'accepted', score, points: null, maxPoints: null, scoreChange: null, current: false,
        createdAt: '2026-01-01T00:00:00.000Z', finishedAt: finished ? '2026-01-01T00:00:00.000Z' : null,
      });
      assert.deepEqual(scoreChanges([j(40, 'initial', 1), j(40, 'rejudge against v2', 2), j(100, 'rejudge against v3', 3), j(null, 'rejudge', 4, false), j(90, 'manual rejudge', 4)]), [
        'score changed from 40 to 100 because: rejudge against v3',
        'score changed from 100 to 90 because: manual rejudge (judged against v4)',
      ]);
    });
  });
});
