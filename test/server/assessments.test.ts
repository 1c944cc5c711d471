import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Platform } from '../../server/platform';
import { Client } from '../helpers/client';
import { buildChallenge, type BuiltChallenge } from '../helpers/challenges';
import { loggedIn, uniqueEmail } from '../helpers/platform';
import { candidateVia, createAssessment, invite, startAssessmentPlatform } from '../helpers/assessments';

describe('assessment and invitation routes', function () {
  this.timeout(30_000);
  let platform: Platform;
  let todo: BuiltChallenge;
  let recruiter: Client;
  let other: Client;
  before(async function () {
    this.timeout(180_000);
    platform = await startAssessmentPlatform();
    todo = await buildChallenge(platform, 'todo-crud');
    recruiter = (await loggedIn(platform, 'recruiter')).client;
    other = (await loggedIn(platform, 'recruiter')).client;
  });
  after(() => platform.close());

  describe('POST /api/assessments', () => {
    it('401 without a session', async () => {
      const res = await new Client(platform.url).post('/api/assessments', { title: 'x', timeLimitMinutes: 30, challengeIds: [todo.id] });
      assert.equal(res.status, 401);
    });

    it('400 on a bad body', async () => {
      const res = await recruiter.post('/api/assessments', { title: '', timeLimitMinutes: 1, challengeIds: [] });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'validation_error');
      const dup = await recruiter.post('/api/assessments', { title: 'dup', timeLimitMinutes: 30, challengeIds: [todo.id, todo.id] });
      assert.equal(dup.status, 400);
    });

    it('403 for a candidate or an author', async () => {
      const { client } = await loggedIn(platform, 'author');
      const res = await client.post('/api/assessments', { title: 'x', timeLimitMinutes: 30, challengeIds: [todo.id] });
      assert.equal(res.status, 403);
    });

    it('422 for a challenge that is not published', async () => {
      const draft = await buildChallenge(platform, 'todo-crud');
      await platform.db.knex('challenges').where({ id: draft.id }).update({ status: 'draft' });
      const res = await recruiter.post('/api/assessments', { title: 'x', timeLimitMinutes: 30, challengeIds: [todo.id, draft.id] });
      assert.equal(res.status, 422);
      assert.match(res.body.error.message, new RegExp(String(draft.id)));
    });

    it('201 with the challenges in order', async () => {
      const second = await buildChallenge(platform, 'bearer-auth');
      const res = await recruiter.post('/api/assessments', { title: 'Backend', description: 'two tasks', timeLimitMinutes: 45, challengeIds: [second.id, todo.id] });
      assert.equal(res.status, 201);
      const a = res.body.assessment;
      assert.equal(a.timeLimitMinutes, 45);
      assert.deepEqual(a.challenges.map((c: { id: number }) => c.id), [second.id, todo.id]);
      assert.deepEqual(a.invitationCounts, { invited: 0, started: 0, finished: 0, expired: 0, revoked: 0 });
    });
  });

  describe('GET /api/assessments and /api/assessments/:id', () => {
    it('a recruiter sees only their own; another recruiter gets 404; admin sees all', async () => {
      const mine = await createAssessment(recruiter, [todo.id]);
      const list = await recruiter.get('/api/assessments');
      assert.equal(list.status, 200);
      assert.ok(list.body.assessments.some((a: { id: number }) => a.id === mine.id));
      const theirs = await other.get('/api/assessments');
      assert.ok(!theirs.body.assessments.some((a: { id: number }) => a.id === mine.id));
      assert.equal((await other.get(`/api/assessments/${mine.id}`)).status, 404);
      assert.equal((await recruiter.get(`/api/assessments/${mine.id}`)).status, 200);
      const { client: admin } = await loggedIn(platform, 'admin');
      assert.equal((await admin.get(`/api/assessments/${mine.id}`)).status, 200);
      assert.ok((await admin.get('/api/assessments')).body.assessments.some((a: { id: number }) => a.id === mine.id));
    });

    it('400 on a non-numeric id, 404 on an unknown one', async () => {
      assert.equal((await recruiter.get('/api/assessments/abc')).status, 400);
      assert.equal((await recruiter.get('/api/assessments/99999999')).status, 404);
    });
  });

  describe('POST /api/assessments/:id/invitations', () => {
    it('400 on a bad email', async () => {
      const a = await createAssessment(recruiter, [todo.id]);
      const res = await recruiter.post(`/api/assessments/${a.id}/invitations`, { email: 'nope' });
      assert.equal(res.status, 400);
    });

    it('404 on another recruiter’s assessment', async () => {
      const a = await createAssessment(recruiter, [todo.id]);
      const res = await other.post(`/api/assessments/${a.id}/invitations`, { email: uniqueEmail('c') });
      assert.equal(res.status, 404);
    });

    it('201 with the link, whose token is stored only as its sha256; the listing never shows it', async () => {
      const a = await createAssessment(recruiter, [todo.id]);
      const email = uniqueEmail('Cand').replace('cand', 'CAND');
      const res = await recruiter.post(`/api/assessments/${a.id}/invitations`, { email });
      assert.equal(res.status, 201);
      const link: string = res.body.link;
      assert.ok(link.startsWith(`${platform.url}/invite/`), link);
      const token = link.split('/invite/')[1];
      assert.match(token, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(res.body.invitation.state, 'invited');
      assert.equal(res.body.invitation.email, email.toLowerCase());
      const row = await platform.db.knex('invitations').where({ id: res.body.invitation.id }).first();
      assert.equal(row.token_hash, createHash('sha256').update(token).digest('hex'));
      assert.ok(!JSON.stringify(row).includes(token));
      const days = (new Date(row.expires_at).getTime() - Date.now()) / 86_400_000;
      assert.ok(days > 6.9 && days <= 7, String(days));
      const list = await recruiter.get(`/api/assessments/${a.id}/invitations`);
      assert.equal(list.status, 200);
      assert.equal(list.body.invitations.length, 1);
      assert.ok(!list.text.includes(token));
      const again = await recruiter.post(`/api/assessments/${a.id}/invitations`, { email });
      assert.equal(again.status, 409);
    });

    it('uses PUBLIC_URL for the link when it is set', async () => {
      const other = await startAssessmentPlatform({ PUBLIC_URL: 'https://assay.example.com/' });
      try {
        const { client } = await loggedIn(other, 'recruiter');
        const a = await createAssessment(client, [todo.id]);
        const { link } = await invite(client, a.id);
        assert.match(link, /^https:\/\/assay\.example\.com\/invite\/[A-Za-z0-9_-]{43}$/);
      } finally {
        await other.close();
      }
    });
  });

  describe('invitation states, revoke and GET /api/invitations/:id', () => {
    it('invited -> started -> finished; expired; revoked', async () => {
      const a = await createAssessment(recruiter, [todo.id]);
      const started = await invite(recruiter, a.id);
      const finished = await invite(recruiter, a.id);
      const expired = await invite(recruiter, a.id);
      const revoked = await invite(recruiter, a.id);
      const waiting = await invite(recruiter, a.id);
      await candidateVia(platform, started.token);
      const f = await candidateVia(platform, finished.token);
      assert.equal((await f.client.post('/api/candidate/finish')).status, 200);
      await platform.db.knex('invitations').where({ id: expired.invitation.id }).update({ expires_at: new Date(Date.now() - 1000) });
      const rev = await recruiter.post(`/api/invitations/${revoked.invitation.id}/revoke`);
      assert.equal(rev.status, 200);
      assert.equal(rev.body.invitation.state, 'revoked');

      const list = await recruiter.get(`/api/assessments/${a.id}/invitations`);
      const state = (id: number) => list.body.invitations.find((i: { id: number }) => i.id === id).state;
      assert.equal(state(started.invitation.id), 'started');
      assert.equal(state(finished.invitation.id), 'finished');
      assert.equal(state(expired.invitation.id), 'expired');
      assert.equal(state(revoked.invitation.id), 'revoked');
      assert.equal(state(waiting.invitation.id), 'invited');
      const summary = await recruiter.get(`/api/assessments/${a.id}`);
      assert.deepEqual(summary.body.assessment.invitationCounts, { invited: 1, started: 1, finished: 1, expired: 1, revoked: 1 });

      const one = await recruiter.get(`/api/invitations/${started.invitation.id}`);
      assert.equal(one.status, 200);
      assert.equal(one.body.invitation.state, 'started');
      assert.deepEqual(one.body.submissions, []);
      assert.equal((await other.get(`/api/invitations/${started.invitation.id}`)).status, 404);
      assert.equal((await other.post(`/api/invitations/${waiting.invitation.id}/revoke`)).status, 404);
      assert.equal((await recruiter.post(`/api/invitations/${finished.invitation.id}/revoke`)).status, 409);
    });
  });

  describe('POST /api/invitations/accept', () => {
    it('401 for an unknown or malformed token', async () => {
      const client = new Client(platform.url);
      const unknown = await client.post('/api/invitations/accept', { token: 'A'.repeat(43) });
      assert.equal(unknown.status, 401);
      assert.equal(unknown.body.error.code, 'invalid_token');
      assert.equal((await client.post('/api/invitations/accept', { token: '../../etc' })).status, 401);
      assert.equal((await client.post('/api/invitations/accept', {})).status, 400);
    });

    it('200: signs in a candidate account for the invited email, which is reusable to resume', async () => {
      const a = await createAssessment(recruiter, [todo.id]);
      const { token, email, invitation } = await invite(recruiter, a.id);
      const first = await candidateVia(platform, token, { start: false });
      assert.equal(first.user.role, 'candidate');
      assert.equal(first.user.email, email);
      assert.equal(first.user.invitationId, invitation.id);
      assert.equal(first.assessment.state, 'invited');
      const me = await first.client.get('/api/me');
      assert.equal(me.body.user.invitationId, invitation.id);
      const user = await platform.db.knex('users').where({ email }).first();
      assert.equal(user.password_hash, null);
      // A second browser (a lost session) resumes the same candidate.
      const second = await candidateVia(platform, token);
      assert.equal(second.user.id, first.user.id);
      assert.equal(second.assessment.state, 'started');
      assert.equal((await first.client.get('/api/candidate/assessment')).body.assessment.state, 'started');
    });

    it('410 once revoked, expired or finished', async () => {
      const a = await createAssessment(recruiter, [todo.id]);
      const revoked = await invite(recruiter, a.id);
      await recruiter.post(`/api/invitations/${revoked.invitation.id}/revoke`);
      const expired = await invite(recruiter, a.id);
      await platform.db.knex('invitations').where({ id: expired.invitation.id }).update({ expires_at: new Date(Date.now() - 1000) });
      const finished = await invite(recruiter, a.id);
      const c = await candidateVia(platform, finished.token);
      await c.client.post('/api/candidate/finish');
      const client = new Client(platform.url);
      const codes = [];
      for (const token of [revoked.token, expired.token, finished.token]) {
        const res = await client.post('/api/invitations/accept', { token });
        assert.equal(res.status, 410);
        codes.push(res.body.error.code);
      }
      assert.deepEqual(codes, ['invitation_revoked', 'invitation_expired', 'invitation_finished']);
    });

    it('409 when the invited email belongs to a staff account', async () => {
      const a = await createAssessment(recruiter, [todo.id]);
      const { user } = await loggedIn(platform, 'author');
      const { token } = await invite(recruiter, a.id, user.email);
      const res = await new Client(platform.url).post('/api/invitations/accept', { token });
      assert.equal(res.status, 409);
      assert.equal(res.body.error.code, 'email_in_use');
    });
  });
});
