import assert from 'node:assert/strict';
import type { Platform } from '../../server/platform';
import { Client } from '../helpers/client';
import { buildChallenge, type BuiltChallenge } from '../helpers/challenges';
import { loggedIn } from '../helpers/platform';
import { candidateVia, createAssessment, finishedSubmission, invite, startAssessmentPlatform } from '../helpers/assessments';

const COMPILE_ERROR = 'export default function (app: any) { app.get("/x", (req, res) => { res.json( }) }';

describe('candidate routes', function () {
  this.timeout(60_000);
  let platform: Platform;
  let todo: BuiltChallenge;
  let recruiter: Client;
  let assessmentId: number;
  before(async function () {
    this.timeout(180_000);
    platform = await startAssessmentPlatform();
    todo = await buildChallenge(platform, 'todo-crud');
    recruiter = (await loggedIn(platform, 'recruiter')).client;
    assessmentId = (await createAssessment(recruiter, [todo.id], 30)).id;
  });
  after(() => platform.close());

  const newCandidate = async (opts = { start: true }) => candidateVia(platform, (await invite(recruiter, assessmentId)).token, opts);

  describe('GET /api/candidate/assessment and POST /api/candidate/start', () => {
    it('401 without a session; 403 for staff', async () => {
      assert.equal((await new Client(platform.url).get('/api/candidate/assessment')).status, 401);
      assert.equal((await recruiter.get('/api/candidate/assessment')).status, 403);
    });

    it('before start: titles only; start pins the versions and sets the deadline, once', async () => {
      const { client, assessment } = await newCandidate({ start: false });
      assert.equal(assessment.state, 'invited');
      assert.deepEqual(Object.keys(assessment.challenges[0]).sort(), ['difficulty', 'id', 'kind', 'position', 'title']);
      assert.equal((await client.put(`/api/candidate/challenges/${todo.id}/draft`, { code: 'x' })).status, 409);

      const started = await client.post('/api/candidate/start');
      assert.equal(started.status, 200);
      const a = started.body.assessment;
      assert.equal(a.state, 'started');
      assert.equal(new Date(a.deadlineAt).getTime() - new Date(a.startedAt).getTime(), 30 * 60_000);
      const c = a.challenges[0];
      assert.equal(c.statement, todo.challenge.statement);
      assert.equal(c.starter.code, todo.challenge.starter.code);
      assert.deepEqual(c.languages, ['typescript', 'javascript']);
      const samples = todo.challenge.api!.tests.filter((t) => t.visibility === 'sample').map((t) => t.name);
      assert.deepEqual(c.samples.tests.map((t: { name: string }) => t.name), samples);
      assert.ok(!JSON.stringify(a).includes(todo.challenge.solution.code.slice(0, 200)));
      const row = await platform.db.knex('invitations').where({ id: a.invitationId }).first();
      assert.deepEqual(typeof row.pinned_versions === 'string' ? JSON.parse(row.pinned_versions) : row.pinned_versions, { [todo.id]: todo.versionId });

      const again = await client.post('/api/candidate/start');
      assert.equal(again.body.assessment.startedAt, a.startedAt);
    });
  });

  describe('PUT /api/candidate/challenges/:challengeId/draft', () => {
    it('400 / 404 / 413, then 200 and the draft comes back', async () => {
      const { client } = await newCandidate();
      assert.equal((await client.put(`/api/candidate/challenges/${todo.id}/draft`, { source: 'x' })).status, 400);
      assert.equal((await client.put(`/api/candidate/challenges/999999/draft`, { code: 'x' })).status, 404);
      const big = await client.put(`/api/candidate/challenges/${todo.id}/draft`, { code: 'x'.repeat(64 * 1024 + 1) });
      assert.equal(big.status, 413);
      assert.equal(big.body.error.code, 'source_too_large');
      for (const code of ['first', 'second']) assert.equal((await client.put(`/api/candidate/challenges/${todo.id}/draft`, { code })).status, 200);
      const a = await client.get('/api/candidate/assessment');
      assert.equal(a.body.assessment.challenges[0].draft.code, 'second');
    });
  });

  describe('POST run / submissions', () => {
    it('400 on a language that does not fit the kind, 413 on a large source, 404 on a foreign challenge', async () => {
      const { client } = await newCandidate();
      const sql = await client.post(`/api/candidate/challenges/${todo.id}/submissions`, { code: 'select 1', language: 'sql' });
      assert.equal(sql.status, 400);
      assert.equal(sql.body.error.code, 'language_mismatch');
      const big = await client.post(`/api/candidate/challenges/${todo.id}/run`, { code: '//'.repeat(40 * 1024), language: 'typescript' });
      assert.equal(big.status, 413);
      const bearer = await buildChallenge(platform, 'bearer-auth');
      assert.equal((await client.post(`/api/candidate/challenges/${bearer.id}/run`, { code: 'x', language: 'typescript' })).status, 404);
    });

    it('409 not_started before the start', async () => {
      const { client } = await newCandidate({ start: false });
      const res = await client.post(`/api/candidate/challenges/${todo.id}/run`, { code: 'x', language: 'typescript' });
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, 'not_started');
    });

    it('202: a run judges the samples only (unscored), a submission every test (scored)', async () => {
      const { client } = await newCandidate();
      const run = await client.post(`/api/candidate/challenges/${todo.id}/run`, { code: todo.challenge.solution.code, language: 'typescript' });
      assert.equal(run.status, 202);
      assert.equal(run.body.submission.mode, 'run');
      assert.equal(run.body.submission.status, 'queued');
      const ran = await finishedSubmission(client, run.body.submission.id);
      assert.ok(ran.tests.length > 0 && ran.tests.every((t: { visibility: string }) => t.visibility === 'sample'));
      assert.equal(ran.verdict, 'accepted');

      const sub = await client.post(`/api/candidate/challenges/${todo.id}/submissions`, { code: todo.challenge.solution.code, language: 'typescript' });
      assert.equal(sub.status, 202);
      const done = await finishedSubmission(client, sub.body.submission.id);
      assert.equal(done.verdict, 'accepted');
      assert.equal(done.score, 100);
      assert.equal(done.tests.length, todo.challenge.api!.tests.length);
      const a = await client.get('/api/candidate/assessment');
      assert.equal(a.body.assessment.challenges[0].best.submissionId, sub.body.submission.id);
      const mine = await client.get(`/api/candidate/submissions?challengeId=${todo.id}`);
      assert.deepEqual(mine.body.submissions.map((s: { id: number }) => s.id), [sub.body.submission.id, run.body.submission.id]);
    });

    it('409 deadline_passed after the deadline, for drafts, runs and submissions', async () => {
      const { client, assessment } = await newCandidate();
      await platform.db.knex('invitations').where({ id: assessment.invitationId }).update({ deadline_at: new Date(Date.now() - 1000) });
      for (const [path, body] of [
        [`/api/candidate/challenges/${todo.id}/submissions`, { code: 'x', language: 'typescript' }],
        [`/api/candidate/challenges/${todo.id}/run`, { code: 'x', language: 'typescript' }],
      ] as const) {
        const res = await client.post(path, body);
        assert.equal(res.status, 409);
        assert.equal(res.body.error.code, 'deadline_passed');
      }
      assert.equal((await client.put(`/api/candidate/challenges/${todo.id}/draft`, { code: 'x' })).body.error.code, 'deadline_passed');
      assert.equal((await client.get('/api/candidate/assessment')).body.assessment.state, 'finished');
      assert.equal((await client.post('/api/candidate/finish')).status, 409);
    });

    it('409 assessment_finished after finishing', async () => {
      const { client } = await newCandidate();
      const fin = await client.post('/api/candidate/finish');
      assert.equal(fin.status, 200);
      assert.equal(fin.body.assessment.state, 'finished');
      const res = await client.post(`/api/candidate/challenges/${todo.id}/submissions`, { code: 'x', language: 'typescript' });
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, 'assessment_finished');
      assert.equal((await client.post('/api/candidate/finish')).body.error.code, 'assessment_finished');
    });

    it('410 once revoked, even with a live session', async () => {
      const inv = await invite(recruiter, assessmentId);
      const { client } = await candidateVia(platform, inv.token);
      await recruiter.post(`/api/invitations/${inv.invitation.id}/revoke`);
      // The same status as the invite link answers once revoked (test/server/assessments.test.ts): one status per code.
      const res = await client.post(`/api/candidate/challenges/${todo.id}/submissions`, { code: 'x', language: 'typescript' });
      assert.equal(res.status, 410);
      assert.equal(res.body.error.code, 'invitation_revoked');
      const read = await client.get('/api/candidate/assessment');
      assert.equal(read.status, 410);
      assert.equal(read.body.error.code, 'invitation_revoked');
    });

    it('429 JSON after 10 submissions in a minute', async () => {
      const { client } = await newCandidate();
      for (let i = 0; i < 10; i++) {
        const res = await client.post(`/api/candidate/challenges/${todo.id}/submissions`, { code: COMPILE_ERROR, language: 'typescript' });
        assert.equal(res.status, 202, res.text);
      }
      const limited = await client.post(`/api/candidate/challenges/${todo.id}/submissions`, { code: COMPILE_ERROR, language: 'typescript' });
      assert.equal(limited.status, 429);
      assert.equal(limited.body.error.code, 'rate_limited');
      // Keyed by user: another candidate is not limited.
      const { client: second } = await newCandidate();
      assert.equal((await second.post(`/api/candidate/challenges/${todo.id}/submissions`, { code: COMPILE_ERROR, language: 'typescript' })).status, 202);
      await platform.queue.idle();
    });
  });

  describe('GET /api/submissions/:id', () => {
    it('401; 404 for another candidate and another recruiter; redacted for its candidate; full for its recruiter', async () => {
      const { client } = await newCandidate();
      const sub = await client.post(`/api/candidate/challenges/${todo.id}/submissions`, { code: todo.challenge.wrong[0].code, language: 'typescript' });
      const id = sub.body.submission.id;
      const mine = await finishedSubmission(client, id);
      assert.equal((await new Client(platform.url).get(`/api/submissions/${id}`)).status, 401);
      const { client: stranger } = await newCandidate();
      assert.equal((await stranger.get(`/api/submissions/${id}`)).status, 404);
      const { client: otherRecruiter } = await loggedIn(platform, 'recruiter');
      assert.equal((await otherRecruiter.get(`/api/submissions/${id}`)).status, 404);

      const hidden = mine.tests.filter((t: { visibility: string }) => t.visibility === 'hidden');
      assert.ok(hidden.length > 0);
      assert.ok(hidden.every((t: { detail?: unknown }) => t.detail === undefined));
      const full = await recruiter.get(`/api/submissions/${id}`);
      assert.equal(full.status, 200);
      assert.equal(full.body.submission.code, todo.challenge.wrong[0].code);
      const failedHidden = full.body.submission.tests.filter((t: { visibility: string; verdict: string }) => t.visibility === 'hidden' && t.verdict !== 'accepted');
      assert.ok(failedHidden.length > 0 && failedHidden.every((t: { detail?: { steps?: unknown[] } }) => t.detail?.steps?.length));
      assert.equal(full.body.submission.lastSeq, 2 + 2 * todo.challenge.api!.tests.length);
    });
  });

  describe('recovery', () => {
    it('a submission left queued is judged by the next platform that starts', async () => {
      const { client, assessment, user } = await newCandidate();
      await platform.queue.idle();
      const [row] = await platform.db.knex('submissions')
        .insert({ invitation_id: assessment.invitationId, user_id: user.id, challenge_id: todo.id, challenge_version_id: todo.versionId, mode: 'submit', language: 'typescript', code: todo.challenge.solution.code, status: 'queued' })
        .returning(['id']);
      const next = await startAssessmentPlatform();
      try {
        await next.queue.idle();
        const done = await finishedSubmission(client, row.id);
        assert.equal(done.verdict, 'accepted');
      } finally {
        await next.close();
      }
    });
  });
});
