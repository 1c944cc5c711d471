import assert from 'node:assert/strict';
import type { Platform } from '../../server/platform';
import { Client } from '../helpers/client';
import { loggedIn, startTestPlatform, uniqueEmail } from '../helpers/platform';

describe('POST /api/users', () => {
  let platform: Platform;
  before(async () => {
    platform = await startTestPlatform();
  });
  after(() => platform.close());

  const body = () => ({ email: uniqueEmail('new'), name: 'New Person', role: 'recruiter', password: 'a long password' });

  it('401 anonymous', async () => {
    assert.equal((await new Client(platform.url).post('/api/users', body())).status, 401);
  });

  it('400 on an invalid body (admin)', async () => {
    const { client } = await loggedIn(platform, 'admin');
    const res = await client.post('/api/users', { ...body(), role: 'candidate' });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'validation_error');
    const short = await client.post('/api/users', { ...body(), password: 'short' });
    assert.equal(short.status, 400);
    assert.match(short.body.error.message, /password/);
  });

  for (const role of ['candidate', 'recruiter', 'author'] as const) {
    it(`403 for a ${role}`, async () => {
      const { client } = await loggedIn(platform, role);
      const res = await client.post('/api/users', body());
      assert.equal(res.status, 403);
      assert.equal(res.body.error.code, 'forbidden');
    });
  }

  it('201 for an admin; the new account can log in; 409 on a duplicate email', async () => {
    const { client } = await loggedIn(platform, 'admin');
    const b = body();
    const res = await client.post('/api/users', b);
    assert.equal(res.status, 201);
    assert.equal(res.body.user.role, 'recruiter');
    const login = await new Client(platform.url).post('/api/auth/login', { email: b.email, password: b.password });
    assert.equal(login.status, 200);
    const dup = await client.post('/api/users', b);
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error.code, 'conflict');
  });

  it('GET /api/users lists accounts for an admin only', async () => {
    const { client } = await loggedIn(platform, 'admin');
    const res = await client.get('/api/users?role=admin');
    assert.equal(res.status, 200);
    assert.ok(res.body.users.every((u: { role: string }) => u.role === 'admin'));
    const bad = await client.get('/api/users?role=wizard');
    assert.equal(bad.status, 400);
    const { client: recruiter } = await loggedIn(platform, 'recruiter');
    assert.equal((await recruiter.get('/api/users')).status, 403);
  });
});
