import assert from 'node:assert/strict';
import type { Platform } from '../../server/platform';
import { Client } from '../helpers/client';
import { loggedIn, startTestPlatform } from '../helpers/platform';

describe('the app', () => {
  let platform: Platform;
  before(async () => {
    platform = await startTestPlatform();
  });
  after(() => platform.close());

  it('GET /healthz checks the database', async () => {
    const res = await new Client(platform.url).get('/healthz');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: 'ok', database: 'ok' });
  });

  it('unknown /api routes answer 404 JSON', async () => {
    const res = await new Client(platform.url).get('/api/does-not-exist');
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'not_found');
  });

  it('413 JSON on an oversized body', async () => {
    const res = await new Client(platform.url).post('/api/auth/login', { email: 'a@b.co', password: 'x'.repeat(300 * 1024) });
    assert.equal(res.status, 413);
    assert.equal(res.body.error.code, 'payload_too_large');
  });

  it('sets helmet headers and hides the framework', async () => {
    const res = await new Client(platform.url).get('/healthz');
    assert.equal(res.headers.get('x-powered-by'), null);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(res.headers.get('content-security-policy'));
  });

  it('unknown query parameters are a 400, not ignored', async () => {
    const { client } = await loggedIn(platform, 'admin');
    const res = await client.get('/api/users?rol=admin');
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'validation_error');
  });
});
