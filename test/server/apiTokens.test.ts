// Personal API tokens against the real app on port 0: created once (only the hash kept), listed without the
// secret, Bearer authentication within the scopes, exempt from the same-origin check, revoked/expired/unknown
// tokens refused with a 401, last use recorded at most once a minute.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Platform } from '../../server/platform';
import { createAssessment, invite, startAssessmentPlatform } from '../helpers/assessments';
import { buildChallenge, type BuiltChallenge } from '../helpers/challenges';
import { Client } from '../helpers/client';
import { loggedIn } from '../helpers/platform';

describe('API tokens', function () {
  this.timeout(60_000);
  let platform: Platform;
  let recruiter: Client;
  let todo: BuiltChallenge;

  before(async () => {
    platform = await startAssessmentPlatform();
    recruiter = (await loggedIn(platform, 'recruiter')).client;
    todo = await buildChallenge(platform, 'todo-crud');
  });
  after(() => platform?.close());

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  async function newToken(client: Client, scopes: string[], extra: Record<string, unknown> = {}) {
    const res = await client.post('/api/tokens', { name: 'ATS sync', scopes, ...extra });
    assert.equal(res.status, 201, res.text);
    return res.body as { id: number; token: string; prefix: string };
  }

  describe('POST /api/tokens', () => {
    it('401 without a session, 403 for a candidate or an author, 400 on a bad body', async () => {
      assert.equal((await new Client(platform.url).post('/api/tokens', { name: 'x', scopes: ['read'] })).status, 401);
      const { client: author } = await loggedIn(platform, 'author');
      assert.equal((await author.post('/api/tokens', { name: 'x', scopes: ['read'] })).status, 403);
      for (const body of [{ name: 'x', scopes: [] }, { name: '', scopes: ['read'] }, { name: 'x', scopes: ['admin'] }, { name: 'x', scopes: ['read'], expiresAt: '2001-01-01T00:00:00Z' }]) {
        const res = await recruiter.post('/api/tokens', body);
        assert.equal(res.status, 400, JSON.stringify(body));
      }
    });

    it('201: the secret once; the list and the database never hold it', async () => {
      const created = await newToken(recruiter, ['read', 'write']);
      assert.match(created.token, /^assay_pat_[A-Za-z0-9_-]{43}$/);
      assert.ok(created.token.startsWith(created.prefix));
      const list = await recruiter.get('/api/tokens');
      assert.equal(list.status, 200);
      assert.ok(!list.text.includes(created.token));
      const listed = list.body.tokens.find((t: { id: number }) => t.id === created.id);
      assert.deepEqual([listed.name, listed.prefix, listed.scopes, listed.state, listed.lastUsedAt], ['ATS sync', created.prefix, ['read', 'write'], 'active', null]);
      const row = await platform.db.knex('api_tokens').where({ id: created.id }).first();
      assert.equal(row.token_hash, createHash('sha256').update(created.token).digest('hex'));
      assert.ok(!JSON.stringify(row).includes(created.token));
    });
  });

  describe('Authorization: Bearer', () => {
    it('read reaches assessments, invitations and the CSV; write is needed to create', async () => {
      const assessment = await createAssessment(recruiter, [todo.id]);
      const { invitation } = await invite(recruiter, assessment.id);
      const reader = new Client(platform.url);
      const { token } = await newToken(recruiter, ['read']);
      assert.equal((await reader.get('/api/assessments', bearer(token))).status, 200);
      assert.equal((await reader.get(`/api/assessments/${assessment.id}/invitations`, bearer(token))).status, 200);
      assert.equal((await reader.get(`/api/invitations/${invitation.id}`, bearer(token))).status, 200);
      const csv = await reader.get(`/api/assessments/${assessment.id}/results.csv`, bearer(token));
      assert.equal(csv.status, 200);
      const refused = await reader.post('/api/assessments', { title: 'x', timeLimitMinutes: 30, challengeIds: [todo.id] }, bearer(token));
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error.code, 'insufficient_scope');

      const { token: writer } = await newToken(recruiter, ['write']);
      const made = await reader.post('/api/assessments', { title: 'Via API', timeLimitMinutes: 30, challengeIds: [todo.id] }, bearer(writer));
      assert.equal(made.status, 201, made.text);
      const invited = await reader.post(`/api/assessments/${made.body.assessment.id}/invitations`, { email: 'api@example.test' }, bearer(writer));
      assert.equal(invited.status, 201, invited.text);
      // write alone does not read.
      assert.equal((await reader.get('/api/assessments', bearer(writer))).status, 403);
    });

    it("acts as its owner: another recruiter's assessment is a 404", async () => {
      const { client: other } = await loggedIn(platform, 'recruiter');
      const theirs = await createAssessment(other, [todo.id]);
      const { token } = await newToken(recruiter, ['read']);
      assert.equal((await new Client(platform.url).get(`/api/assessments/${theirs.id}`, bearer(token))).status, 404);
    });

    it('is exempt from the same-origin check (no cookie rides along), unlike a session', async () => {
      const { token } = await newToken(recruiter, ['write']);
      const cross = { origin: 'https://ats.example' };
      const withToken = await new Client(platform.url).post('/api/assessments', { title: 'x', timeLimitMinutes: 30, challengeIds: [todo.id] }, { ...cross, ...bearer(token) });
      assert.equal(withToken.status, 201, withToken.text);
      const withSession = await recruiter.post('/api/assessments', { title: 'x', timeLimitMinutes: 30, challengeIds: [todo.id] }, cross);
      assert.equal(withSession.status, 403);
      assert.equal(withSession.body.error.code, 'cross_origin');
    });

    it('the token alone decides: a token cannot manage tokens, log in, or reach admin and candidate routes', async () => {
      const { token } = await newToken(recruiter, ['read', 'write']);
      const c = new Client(platform.url);
      for (const [method, path] of [
        ['GET', '/api/tokens'],
        ['POST', '/api/tokens'],
        ['GET', '/api/users'],
        ['GET', '/api/candidate/assessment'],
        ['POST', `/api/challenges/${todo.slug}/archive`],
      ] as const) {
        const res = await c.request(method, path, method === 'POST' ? { name: 'x', scopes: ['read'] } : undefined, bearer(token));
        assert.equal(res.status, 403, `${method} ${path}`);
        assert.equal(res.body.error.code, 'insufficient_scope');
      }
      assert.equal((await c.get('/api/me', bearer(token))).body.user.email !== undefined, true);
    });

    it('401 invalid_token for an unknown, revoked or expired token, and for a disabled account', async () => {
      const c = new Client(platform.url);
      const unknown = await c.get('/api/assessments', bearer('assay_pat_nope'));
      assert.equal(unknown.status, 401);
      assert.equal(unknown.body.error.code, 'invalid_token');

      const revoked = await newToken(recruiter, ['read']);
      assert.equal((await c.get('/api/assessments', bearer(revoked.token))).status, 200);
      assert.equal((await recruiter.delete(`/api/tokens/${revoked.id}`)).status, 204);
      assert.equal((await c.get('/api/assessments', bearer(revoked.token))).status, 401);
      const listed = (await recruiter.get('/api/tokens')).body.tokens.find((t: { id: number }) => t.id === revoked.id);
      assert.equal(listed.state, 'revoked');

      const expiring = await newToken(recruiter, ['read'], { expiresAt: new Date(Date.now() + 3600_000).toISOString() });
      assert.equal((await c.get('/api/assessments', bearer(expiring.token))).status, 200);
      await platform.db.knex('api_tokens').where({ id: expiring.id }).update({ expires_at: new Date(Date.now() - 1000) });
      assert.equal((await c.get('/api/assessments', bearer(expiring.token))).status, 401);

      const { client: owner, user } = await loggedIn(platform, 'recruiter');
      const theirs = await newToken(owner, ['read']);
      await platform.db.knex('users').where({ id: user.id }).update({ disabled_at: new Date() });
      assert.equal((await c.get('/api/assessments', bearer(theirs.token))).status, 401);
    });

    it("404 when revoking another user's token", async () => {
      const { client: other } = await loggedIn(platform, 'recruiter');
      const theirs = await newToken(other, ['read']);
      assert.equal((await recruiter.delete(`/api/tokens/${theirs.id}`)).status, 404);
    });

    it('records the last use, at most once a minute', async () => {
      const { id, token } = await newToken(recruiter, ['read']);
      const c = new Client(platform.url);
      await c.get('/api/assessments', bearer(token));
      const first = (await platform.db.knex('api_tokens').where({ id }).first()).last_used_at;
      assert.ok(first instanceof Date);
      await new Promise((r) => setTimeout(r, 20));
      await c.get('/api/assessments', bearer(token));
      const second = (await platform.db.knex('api_tokens').where({ id }).first()).last_used_at;
      assert.equal(second.getTime(), first.getTime());
      const listed = (await recruiter.get('/api/tokens')).body.tokens.find((t: { id: number }) => t.id === id);
      assert.equal(listed.lastUsedAt, first.toISOString());
    });
  });

  it('the OpenAPI document has the bearer scheme, on the routes a token reaches only', async () => {
    const doc = (await new Client(platform.url).get('/api/openapi.json')).body;
    assert.equal(doc.components.securitySchemes.bearerToken.scheme, 'bearer');
    assert.deepEqual(doc.paths['/api/assessments'].get.security, [{ cookieSession: [] }, { bearerToken: ['read'] }]);
    assert.deepEqual(doc.paths['/api/assessments'].post.security, [{ cookieSession: [] }, { bearerToken: ['write'] }]);
    assert.deepEqual(doc.paths['/api/webhooks/{id}/test'].post.security, [{ cookieSession: [] }, { bearerToken: ['write'] }]);
    assert.deepEqual(doc.paths['/api/tokens'].post.security, [{ cookieSession: [] }]);
    assert.ok(doc.paths['/api/tokens'].post.requestBody.content['application/json'].schema.properties.scopes);
  });
});
