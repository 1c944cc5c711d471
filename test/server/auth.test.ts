import assert from 'node:assert/strict';
import type { Platform } from '../../server/platform';
import { Client } from '../helpers/client';
import { buildUser, loggedIn, startTestPlatform } from '../helpers/platform';

describe('auth routes', () => {
  let platform: Platform;
  before(async () => {
    platform = await startTestPlatform();
  });
  after(() => platform.close());

  describe('POST /api/auth/login', () => {
    it('400 on a body that is not valid', async () => {
      const res = await new Client(platform.url).post('/api/auth/login', { email: 'not-an-email' });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'validation_error');
      assert.match(res.body.error.message, /email|password/);
    });

    it('400 with the JSON error shape on malformed JSON', async () => {
      const res = await new Client(platform.url).post('/api/auth/login', '{"email": ');
      assert.equal(res.status, 400);
      assert.deepEqual(Object.keys(res.body.error).sort(), ['code', 'message']);
      assert.equal(res.body.error.code, 'invalid_json');
    });

    it('401 on a wrong password, and on an unknown email', async () => {
      const user = await buildUser(platform, 'recruiter');
      const client = new Client(platform.url);
      const wrong = await client.post('/api/auth/login', { email: user.email, password: 'nope nope nope' });
      assert.equal(wrong.status, 401);
      assert.equal(wrong.body.error.code, 'unauthorized');
      const unknown = await client.post('/api/auth/login', { email: 'nobody@example.test', password: 'whatever' });
      assert.equal(unknown.status, 401);
    });

    it('200 with the user, and a session that /api/me recognises', async () => {
      const user = await buildUser(platform, 'author');
      const client = new Client(platform.url);
      const res = await client.post('/api/auth/login', { email: user.email.toUpperCase(), password: user.password });
      assert.equal(res.status, 200);
      assert.equal(res.body.user.email, user.email);
      assert.equal(res.body.user.role, 'author');
      assert.equal(res.body.user.password_hash, undefined);
      const me = await client.get('/api/me');
      assert.equal(me.status, 200);
      assert.equal(me.body.user.id, user.id);
    });

    it('429 after repeated wrong passwords, even with the right one', async () => {
      const user = await buildUser(platform, 'recruiter');
      const client = new Client(platform.url);
      for (let i = 0; i < 5; i++) {
        const res = await client.post('/api/auth/login', { email: user.email, password: `wrong-${i}` });
        assert.equal(res.status, 401);
      }
      const limited = await client.post('/api/auth/login', { email: user.email, password: user.password });
      assert.equal(limited.status, 429);
      assert.equal(limited.body.error.code, 'rate_limited');
    });
  });

  describe('GET /api/me', () => {
    it('401 without a session', async () => {
      const res = await new Client(platform.url).get('/api/me');
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'unauthorized');
    });
  });

  describe('POST /api/auth/logout', () => {
    it('ends the session', async () => {
      const { client } = await loggedIn(platform, 'recruiter');
      assert.equal((await client.get('/api/me')).status, 200);
      const out = await client.post('/api/auth/logout');
      assert.equal(out.status, 204);
      assert.equal((await client.get('/api/me')).status, 401);
    });

    it('a stolen cookie is useless after logout', async () => {
      const { client } = await loggedIn(platform, 'recruiter');
      const thief = new Client(platform.url);
      const cookie = client.cookieHeader();
      await client.post('/api/auth/logout');
      const res = await thief.get('/api/me', { cookie });
      assert.equal(res.status, 401);
    });
  });
});
