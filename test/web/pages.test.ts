// The web router: the HTML shell for every page, bundled scripts and the stylesheet as files, the API untouched.
import assert from 'node:assert/strict';
import type { Platform } from '../../server/platform';
import { Client } from '../helpers/client';
import { startAssessmentPlatform } from '../helpers/assessments';

describe('web pages and assets', function () {
  this.timeout(60_000);
  let platform: Platform;
  let client: Client;
  before(async () => {
    // No challenges folder sync: these pages need no challenge, and a sync would validate every folder.
    platform = await startAssessmentPlatform();
    client = new Client(platform.url);
  });
  after(() => platform.close());

  for (const path of ['/', '/login', '/invite/abc123', '/candidate', '/recruiter', '/recruiter/assessments/7', '/author/challenges/todo-crud']) {
    it(`GET ${path} answers the HTML shell`, async () => {
      const res = await client.get(path, { accept: 'text/html' });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /text\/html/);
      assert.match(res.text, /<script type="module" src="\/assets\/main.js"><\/script>/);
      // No inline script: the CSP allows only 'self' scripts.
      assert.doesNotMatch(res.text, /<script>(?!<\/script>)|<script(?![^>]*src=)[^>]*>/);
      assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    });
  }

  it('serves the bundle, its chunks and the stylesheet', async () => {
    const main = await client.get('/assets/main.js');
    assert.equal(main.status, 200);
    assert.match(main.headers.get('content-type') ?? '', /javascript/);
    const chunk = /chunk-[A-Z0-9]+\.js/.exec(main.text)?.[0];
    assert.ok(chunk, 'main.js imports its chunks');
    const chunkRes = await client.get(`/assets/${chunk}`);
    assert.equal(chunkRes.status, 200);
    assert.match(chunkRes.headers.get('cache-control') ?? '', /immutable/);
    const css = await client.get('/assets/style.css');
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /text\/css/);
  });

  it('leaves the API and unknown assets alone', async () => {
    const api = await client.get('/api/nope', { accept: 'text/html' });
    assert.equal(api.status, 404);
    assert.equal(api.body.error.code, 'not_found');
    assert.equal((await client.get('/assets/nope.js')).status, 404);
    assert.equal((await client.get('/favicon.ico', { accept: 'image/*' })).status, 404);
  });
});
