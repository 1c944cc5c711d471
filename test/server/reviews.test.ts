import assert from 'node:assert/strict';
import type { Platform } from '../../server/platform';
import { Client } from '../helpers/client';
import { candidateVia, createAssessment, finishedSubmission, invite, startAssessmentPlatform } from '../helpers/assessments';
import { buildChallenge, type BuiltChallenge } from '../helpers/challenges';
import { loggedIn } from '../helpers/platform';
import { randomBytes } from 'node:crypto';

// A small CSV reader for the assertions (quoted cells, doubled quotes, CRLF).
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

describe('recruiter review', function () {
  this.timeout(120_000);
  let platform: Platform;
  let owner: Client;
  let otherRecruiter: Client;
  let admin: Client;
  let author: Client;
  let todo: BuiltChallenge;
  let second: BuiltChallenge;
  let assessmentId: number;
  let otherAssessmentSubmission: number;
  const cands: Record<'a' | 'b' | 'c' | 'd', { client?: Client; invitationId: number; email: string; submissions: number[] }> = {} as never;

  async function submit(client: Client, challengeId: number, code: string, language: string) {
    const res = await client.post(`/api/candidate/challenges/${challengeId}/submissions`, { code, language });
    assert.equal(res.status, 202, res.text);
    const done = await finishedSubmission(client, res.body.submission.id);
    return done as { id: number; score: number };
  }

  before(async () => {
    platform = await startAssessmentPlatform();
    owner = (await loggedIn(platform, 'recruiter')).client;
    otherRecruiter = (await loggedIn(platform, 'recruiter')).client;
    admin = (await loggedIn(platform, 'admin')).client;
    author = (await loggedIn(platform, 'author')).client;
    todo = await buildChallenge(platform, 'todo-crud');
    // Two API challenges: SQL judging needs warm PGlite workers, which cost a minute on a cold start.
    second = await buildChallenge(platform, 'bearer-auth');
    assessmentId = (await createAssessment(owner, [todo.id, second.id])).id;

    const solution = todo.challenge.solution.code;
    // B copied A's solution and renamed everything it could.
    // (Identifiers only: not inside strings or route paths, not property names after a dot.)
    let renamed = solution.replace(/\/\/.*$/gm, '');
    for (const [from, to] of [['todos', 'store'], ['todo', 'item'], ['nextId', 'seq'], ['invalid', 'reject'], ['body', 'payload'], ['find', 'lookup']]) {
      renamed = renamed.replace(new RegExp(`(?<![/'"\`])(?<!\\w\\.)\\b${from}\\b`, 'g'), to);
    }
    const wrong = todo.challenge.wrong.find((w) => w.file.includes('no-validation'))!.code;

    // d's email starts with '-': a spreadsheet would read the cell as a formula.
    const emails = { a: `a-${randomBytes(4).toString('hex')}@example.test`, b: `b-${randomBytes(4).toString('hex')}@example.test`, c: `c-${randomBytes(4).toString('hex')}@example.test`, d: `-2+3-${randomBytes(4).toString('hex')}@example.test` };
    for (const key of ['a', 'b', 'c', 'd'] as const) {
      const inv = await invite(owner, assessmentId, emails[key]);
      cands[key] = { invitationId: inv.invitation.id, email: inv.email, submissions: [] };
      if (key === 'd') continue;
      const { client } = await candidateVia(platform, inv.token);
      cands[key].client = client;
    }
    const a = cands.a;
    // A: a first attempt with the starter (low score), then the solution; then the second challenge; then finishes.
    a.submissions.push((await submit(a.client!, todo.id, todo.challenge.starter.code, 'typescript')).id);
    a.submissions.push((await submit(a.client!, todo.id, solution, 'typescript')).id);
    a.submissions.push((await submit(a.client!, second.id, second.challenge.solution.code, 'typescript')).id);
    assert.equal((await a.client!.post('/api/candidate/finish')).status, 200);
    cands.b.submissions.push((await submit(cands.b.client!, todo.id, renamed, 'typescript')).id);
    cands.c.submissions.push((await submit(cands.c.client!, todo.id, wrong, 'typescript')).id);

    // A submission in another recruiter's assessment, for the 404 of compare.
    const otherTodo = await buildChallenge(platform, 'todo-crud');
    const other = await createAssessment(otherRecruiter, [otherTodo.id]);
    const inv = await invite(otherRecruiter, other.id);
    const { client } = await candidateVia(platform, inv.token);
    otherAssessmentSubmission = (await submit(client, otherTodo.id, solution, 'typescript')).id;
  });
  after(() => platform.close());

  describe('GET /api/assessments/:id/leaderboard', () => {
    it('401 anonymous', async () => {
      assert.equal((await new Client(platform.url).get(`/api/assessments/${assessmentId}/leaderboard`)).status, 401);
    });
    it('400 on a bad threshold', async () => {
      const res = await owner.get(`/api/assessments/${assessmentId}/leaderboard?threshold=7`);
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'validation_error');
    });
    it('403 for a candidate and an author', async () => {
      assert.equal((await cands.a.client!.get(`/api/assessments/${assessmentId}/leaderboard`)).status, 403);
      assert.equal((await author.get(`/api/assessments/${assessmentId}/leaderboard`)).status, 403);
    });
    it("404 for another recruiter's assessment", async () => {
      assert.equal((await otherRecruiter.get(`/api/assessments/${assessmentId}/leaderboard`)).status, 404);
    });
    it('200: ranked by total, the copied pair flagged, the not-started candidate unranked', async () => {
      const res = await owner.get(`/api/assessments/${assessmentId}/leaderboard`);
      assert.equal(res.status, 200, res.text);
      const rows = res.body.candidates as Array<any>;
      assert.deepEqual(
        rows.map((r) => r.invitationId),
        [cands.a, cands.b, cands.c, cands.d].map((c) => c.invitationId),
      );
      const [a, b, c, d] = rows;
      assert.deepEqual([a.rank, b.rank, c.rank, d.rank], [1, 2, 3, null]);
      assert.equal(a.scores[todo.id].score, 100);
      assert.equal(a.scores[todo.id].attempts, 2);
      assert.equal(a.scores[todo.id].submissionId, cands.a.submissions[1], 'the best submission counts');
      assert.equal(a.scores[second.id].score, 100);
      assert.equal(a.total, 200);
      assert.equal(a.state, 'finished');
      assert.ok(a.timeUsed.seconds >= 0 && a.timeUsed.endedBy === 'finished');
      assert.equal(b.total, 100);
      assert.ok(c.total < 100);
      assert.equal(d.state, 'invited');
      assert.equal(d.timeUsed.seconds, null);
      // Flags are group ids and sizes (the members are in the similarity report), not every pair.
      assert.deepEqual(
        a.flags.map((f: any) => [f.challengeId, f.groupSize]),
        [[todo.id, 2]],
      );
      assert.ok(a.flags[0].similarity >= res.body.similarityThreshold);
      assert.equal(b.flags[0].groupId, a.flags[0].groupId);
      assert.deepEqual(c.flags, []);
      assert.equal(res.body.maxTotal, 200);
      assert.equal(res.body.scoring.rule, 'best');
    });
    it('200 for an admin', async () => {
      assert.equal((await admin.get(`/api/assessments/${assessmentId}/leaderboard`)).status, 200);
    });
  });

  describe('GET /api/assessments/:id/results.csv', () => {
    it('401 anonymous, 403 candidate, 404 another recruiter', async () => {
      assert.equal((await new Client(platform.url).get(`/api/assessments/${assessmentId}/results.csv`)).status, 401);
      assert.equal((await cands.b.client!.get(`/api/assessments/${assessmentId}/results.csv`)).status, 403);
      assert.equal((await otherRecruiter.get(`/api/assessments/${assessmentId}/results.csv`)).status, 404);
    });
    it('200: text/csv attachment, one row per candidate, formula cells neutralised', async () => {
      const res = await owner.get(`/api/assessments/${assessmentId}/results.csv`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /^text\/csv/);
      assert.match(res.headers.get('content-disposition')!, new RegExp(`attachment; filename="?assessment-${assessmentId}-results\\.csv"?`));
      const rows = parseCsv(res.text);
      const header = rows[0];
      assert.equal(rows.length, 5);
      for (const column of ['email', 'state', 'started_at', 'finished_at', 'time_used_seconds', `score_${todo.slug}`, `score_${second.slug}`, 'total', 'attempts', 'rating', 'decision']) {
        assert.ok(header.includes(column), `column ${column}`);
      }
      const get = (row: string[], column: string) => row[header.indexOf(column)];
      const a = rows.find((r) => get(r, 'email') === cands.a.email)!;
      assert.equal(get(a, `score_${todo.slug}`), '100');
      assert.equal(get(a, 'total'), '200');
      assert.equal(get(a, 'attempts'), '3');
      assert.equal(get(a, 'state'), 'finished');
      assert.match(get(a, 'similarity_flags'), new RegExp(cands.b.email.replace(/[.+]/g, '\\$&')));
      // The '-…' email is written with a leading quote, so no spreadsheet evaluates it.
      assert.ok(rows.some((r) => get(r, 'email') === `'${cands.d.email}`));
      assert.ok(!rows.some((r) => get(r, 'email') === cands.d.email));
    });
  });

  describe('GET /api/invitations/:id/review', () => {
    it('401 anonymous, 400 bad id, 403 candidate, 404 another recruiter', async () => {
      assert.equal((await new Client(platform.url).get(`/api/invitations/${cands.a.invitationId}/review`)).status, 401);
      assert.equal((await owner.get('/api/invitations/abc/review')).status, 400);
      assert.equal((await cands.a.client!.get(`/api/invitations/${cands.a.invitationId}/review`)).status, 403);
      assert.equal((await otherRecruiter.get(`/api/invitations/${cands.a.invitationId}/review`)).status, 404);
      assert.equal((await owner.get('/api/invitations/999999999/review')).status, 404);
    });

    it('200: every submission with code and full detail of hidden tests, scores, attempts, time used, flags', async () => {
      const res = await owner.get(`/api/invitations/${cands.a.invitationId}/review`);
      assert.equal(res.status, 200, res.text);
      const body = res.body;
      assert.equal(body.invitation.id, cands.a.invitationId);
      assert.equal(body.total, 200);
      assert.equal(body.rank, 1);
      assert.ok(body.timeUsed.seconds !== null);
      const todoReview = body.challenges.find((c: any) => c.id === todo.id);
      assert.equal(todoReview.attempts, 2);
      assert.equal(todoReview.score, 100);
      assert.equal(todoReview.lastScore, 100);
      assert.ok(todoReview.submissions.length === 2);
      const [first, second] = todoReview.submissions;
      assert.equal(first.code, todo.challenge.starter.code);
      assert.ok(first.score < 100);
      assert.equal(first.counted, false);
      assert.equal(second.counted, true);
      const hidden = second.tests.filter((t: any) => t.visibility === 'hidden');
      assert.ok(hidden.length > 0, 'hidden tests are listed');
      for (const t of hidden) {
        assert.ok(t.detail?.steps?.length, `hidden test ${t.name} has its detail`);
        assert.ok('request' in t.detail.steps[0] && 'expected' in t.detail.steps[0]);
      }
      // The failed attempt shows what went wrong (actual vs expected, diff).
      const failed = first.tests.find((t: any) => t.verdict !== 'accepted');
      assert.ok(failed.detail.steps.some((s: any) => !s.passed && 'actual' in s));
      assert.deepEqual(
        body.flags.map((f: any) => f.otherInvitationId),
        [cands.b.invitationId],
      );
      assert.equal(todoReview.flags.length, 1);
      assert.equal(body.myReview, null);
      assert.equal(second.history.length, 1);
      assert.deepEqual(second.scoreChanges, []);
    });

    it('shows the score-change history of a rejudge', async () => {
      const knex = platform.db.knex;
      const submissionId = cands.c.submissions[0];
      const before = await knex('submissions').where({ id: submissionId }).first();
      // What a rejudge writes: a new judgement (with its reason) that the submission's score now comes from.
      const [j] = await knex('judgements')
        .insert({ submission_id: submissionId, challenge_version_id: before.challenge_version_id, reason: 'rejudge against v1', verdict: 'accepted', score: 100, points: 1, max_points: 1, finished_at: new Date() })
        .returning(['id']);
      await knex('submissions').where({ id: submissionId }).update({ score: 100, verdict: 'accepted', judgement_id: j.id });
      const res = await owner.get(`/api/invitations/${cands.c.invitationId}/review`);
      assert.equal(res.status, 200);
      const sub = res.body.challenges.find((c: any) => c.id === todo.id).submissions[0];
      assert.equal(sub.history.length, 2);
      assert.deepEqual(sub.scoreChanges, [`score changed from ${Number(before.score)} to 100 because: rejudge against v1`]);
      assert.equal(res.body.total, 100);
    });
  });

  describe('PUT /api/invitations/:id/review', () => {
    const path = () => `/api/invitations/${cands.a.invitationId}/review`;
    it('401 anonymous', async () => {
      assert.equal((await new Client(platform.url).put(path(), { rating: 4 })).status, 401);
    });
    it('400 on an invalid body', async () => {
      for (const body of [{ rating: 6 }, { rating: 2.5 }, { decision: 'maybe' }, {}, { notes: 'x', extra: 1 }]) {
        const res = await owner.put(path(), body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.equal(res.body.error.code, 'validation_error');
      }
    });
    it('403 for a candidate and an author; 404 for another recruiter', async () => {
      assert.equal((await cands.a.client!.put(path(), { rating: 5 })).status, 403);
      assert.equal((await author.put(path(), { rating: 5 })).status, 403);
      assert.equal((await otherRecruiter.put(path(), { rating: 5 })).status, 404);
    });
    it('200: one review per reviewer, upserted; the leaderboard and CSV show rating and decision', async () => {
      const first = await owner.put(path(), { notes: 'Solid, "clean", code\nwith tests', rating: 4, decision: 'hold' });
      assert.equal(first.status, 200, first.text);
      assert.equal(first.body.review.rating, 4);
      const second = await owner.put(path(), { decision: 'advance' });
      assert.equal(second.status, 200);
      assert.equal(second.body.review.id, first.body.review.id, 'the same row is updated');
      assert.equal(second.body.review.notes, 'Solid, "clean", code\nwith tests', 'fields left out are kept');
      assert.equal(second.body.review.rating, 4);
      assert.equal(second.body.review.decision, 'advance');
      const cleared = await owner.put(path(), { rating: null });
      assert.equal(cleared.body.review.rating, null);
      await owner.put(path(), { rating: 4 });
      const byAdmin = await admin.put(path(), { rating: 5 });
      assert.notEqual(byAdmin.body.review.id, first.body.review.id);

      const review = await owner.get(path());
      assert.equal(review.body.reviews.length, 2);
      assert.equal(review.body.myReview.decision, 'advance');
      assert.equal(review.body.summary.rating, 4.5);
      const board = await owner.get(`/api/assessments/${assessmentId}/leaderboard`);
      const row = board.body.candidates.find((r: any) => r.invitationId === cands.a.invitationId);
      assert.equal(row.rating, 4.5);
      assert.equal(row.decision, 'advance');
      const csv = parseCsv((await owner.get(`/api/assessments/${assessmentId}/results.csv`)).text);
      const a = csv.find((r) => r.includes(cands.a.email))!;
      assert.equal(a[csv[0].indexOf('rating')], '4.5');
      assert.equal(a[csv[0].indexOf('decision')], 'advance');
    });
  });

  describe('GET /api/assessments/:id/compare', () => {
    const path = (a: number | string, b: number | string) => `/api/assessments/${assessmentId}/compare?a=${a}&b=${b}`;
    it('401 anonymous', async () => {
      assert.equal((await new Client(platform.url).get(path(1, 2))).status, 401);
    });
    it('400 on a missing or equal id, or submissions of different challenges', async () => {
      assert.equal((await owner.get(`/api/assessments/${assessmentId}/compare?a=1`)).status, 400);
      assert.equal((await owner.get(path(cands.a.submissions[1], cands.a.submissions[1]))).status, 400);
      const different = await owner.get(path(cands.a.submissions[1], cands.a.submissions[2]));
      assert.equal(different.status, 400);
      assert.match(different.body.error.message, /different challenges/);
    });
    it('403 candidate; 404 another recruiter, or a submission outside the assessment', async () => {
      assert.equal((await cands.a.client!.get(path(cands.a.submissions[1], cands.b.submissions[0]))).status, 403);
      assert.equal((await otherRecruiter.get(path(cands.a.submissions[1], cands.b.submissions[0]))).status, 404);
      assert.equal((await owner.get(path(cands.a.submissions[1], otherAssessmentSubmission))).status, 404);
    });
    it('200: side by side with similarity and matching regions', async () => {
      const res = await owner.get(path(cands.a.submissions[1], cands.b.submissions[0]));
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.a.email, cands.a.email);
      assert.equal(res.body.b.email, cands.b.email);
      assert.equal(res.body.a.code, todo.challenge.solution.code);
      assert.ok(res.body.similarity.similarity >= 0.8, `similarity ${res.body.similarity.similarity}`);
      assert.equal(res.body.similarity.flagged, true);
      assert.ok(res.body.similarity.regions.length >= 1);
      const lines = res.body.a.code.split('\n').length;
      for (const r of res.body.similarity.regions) assert.ok(r.a.startLine >= 1 && r.a.endLine <= lines && r.a.startLine <= r.a.endLine);
      const low = await owner.get(path(cands.a.submissions[1], cands.c.submissions[0]));
      assert.ok(low.body.similarity.similarity < 0.5, `similarity ${low.body.similarity.similarity}`);
      assert.equal(low.body.similarity.flagged, false);
      assert.equal((await admin.get(path(cands.a.submissions[1], cands.b.submissions[0]))).status, 200);
    });
  });

  describe('GET /api/assessments/:id/similarity', () => {
    it('401 anonymous, 400 bad query, 403 candidate, 404 another recruiter or a foreign challenge', async () => {
      assert.equal((await new Client(platform.url).get(`/api/assessments/${assessmentId}/similarity`)).status, 401);
      assert.equal((await owner.get(`/api/assessments/${assessmentId}/similarity?challengeId=x`)).status, 400);
      assert.equal((await owner.get(`/api/assessments/${assessmentId}/similarity?wat=1`)).status, 400);
      assert.equal((await cands.a.client!.get(`/api/assessments/${assessmentId}/similarity`)).status, 403);
      assert.equal((await otherRecruiter.get(`/api/assessments/${assessmentId}/similarity`)).status, 404);
      assert.equal((await owner.get(`/api/assessments/${assessmentId}/similarity?challengeId=999999999`)).status, 404);
    });
    it('200: the copied pair is one group with its strongest pair; a lower threshold grows the group', async () => {
      const res = await owner.get(`/api/assessments/${assessmentId}/similarity?challengeId=${todo.id}`);
      assert.equal(res.status, 200);
      assert.equal(res.body.groups.length, 1);
      const [group] = res.body.groups;
      assert.equal(group.challengeId, todo.id);
      assert.deepEqual(group.members.map((m: any) => m.invitationId).sort(), [cands.a.invitationId, cands.b.invitationId].sort());
      assert.deepEqual(group.members.map((m: any) => m.email).sort(), [cands.a.email, cands.b.email].sort());
      assert.ok(group.pairs[0].similarity >= res.body.threshold);
      assert.deepEqual([group.pairs[0].a.submissionId, group.pairs[0].b.submissionId].sort(), [cands.a.submissions[1], cands.b.submissions[0]].sort());
      const all = await owner.get(`/api/assessments/${assessmentId}/similarity?threshold=0.05`);
      const todoGroup = all.body.groups.find((g: any) => g.challengeId === todo.id);
      assert.equal(todoGroup.size, 3, 'C joins A and B');
    });
  });
});
