import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Platform } from '../../server/platform';
import { Client } from '../helpers/client';
import { loggedIn, startTestPlatform } from '../helpers/platform';
import { greeterFiles, HIDDEN_MARK, SOLUTION_MARK, uniqueSlug, WRONG_MARK } from './challenges/fixtures';

// Every route is exercised with an empty CHALLENGES_DIR so that only these tests' challenges are judged.
describe('challenge routes', function () {
  this.timeout(120_000);
  let platform: Platform;
  let emptyDir: string;
  let author: Client;
  let recruiter: Client;
  let candidate: Client;

  before(async () => {
    emptyDir = await mkdtemp(path.join(os.tmpdir(), 'assay-no-challenges-'));
    platform = await startTestPlatform({ env: { CHALLENGES_DIR: emptyDir } });
    author = (await loggedIn(platform, 'author')).client;
    recruiter = (await loggedIn(platform, 'recruiter')).client;
    candidate = (await loggedIn(platform, 'candidate')).client;
  });
  after(async () => {
    await platform.close();
    await rm(emptyDir, { recursive: true, force: true });
  });

  /** A draft, validated and published when asked. */
  async function authored(opts: { publish?: boolean } = {}): Promise<string> {
    const slug = uniqueSlug();
    assert.equal((await author.post('/api/challenges', { files: greeterFiles(slug) })).status, 201);
    if (opts.publish) {
      const v = await author.post(`/api/challenges/${slug}/versions/1/validate`);
      assert.equal(v.status, 200, v.text);
      assert.equal(v.body.valid, true, JSON.stringify(v.body.report?.errors));
      assert.equal((await author.post(`/api/challenges/${slug}/versions/1/publish`)).status, 200);
    }
    return slug;
  }

  describe('POST /api/challenges', () => {
    it('401 anonymous', async () => {
      assert.equal((await new Client(platform.url).post('/api/challenges', { files: greeterFiles(uniqueSlug()) })).status, 401);
    });

    it('400 on a bad body, and on a bad challenge naming file, field and line', async () => {
      assert.equal((await author.post('/api/challenges', { files: 'nope' })).status, 400);
      const traversal = await author.post('/api/challenges', { files: { ...greeterFiles(uniqueSlug()), '../escape.md': 'x' } });
      assert.equal(traversal.status, 400);
      const files = greeterFiles(uniqueSlug());
      files['challenge.yaml'] = files['challenge.yaml'].replace('expectedMinutes: 10', 'expectedMinutes: 1');
      const res = await author.post('/api/challenges', { files });
      assert.equal(res.status, 400);
      assert.match(res.body.error.message, /challenge\.yaml:7 \(expectedMinutes\)/);
      assert.deepEqual([res.body.error.details.file, res.body.error.details.field, res.body.error.details.line], ['challenge.yaml', 'expectedMinutes', 7]);
      const missing = greeterFiles(uniqueSlug());
      delete missing['solution.ts'];
      const noSolution = await author.post('/api/challenges', { files: missing });
      assert.equal(noSolution.status, 400);
      assert.match(noSolution.body.error.message, /solution\.ts/);
    });

    for (const role of ['candidate', 'recruiter'] as const) {
      it(`403 for a ${role}`, async () => {
        const { client } = await loggedIn(platform, role);
        assert.equal((await client.post('/api/challenges', { files: greeterFiles(uniqueSlug()) })).status, 403);
      });
    }

    it('201 creates a draft with version 1; 409 on the same slug', async () => {
      const slug = uniqueSlug();
      const res = await author.post('/api/challenges', { files: greeterFiles(slug) });
      assert.equal(res.status, 201);
      assert.equal(res.body.challenge.status, 'draft');
      assert.equal(res.body.challenge.source, 'api');
      assert.equal(res.body.version.version, 1);
      assert.equal(res.body.version.valid, false);
      assert.equal((await author.post('/api/challenges', { files: greeterFiles(slug) })).status, 409);
    });
  });

  describe('PUT /api/challenges/:slug', () => {
    it('401 anonymous, 403 recruiter, 400 slug change, 404 unknown', async () => {
      const slug = await authored();
      assert.equal((await new Client(platform.url).put(`/api/challenges/${slug}`, { files: greeterFiles(slug) })).status, 401);
      assert.equal((await recruiter.put(`/api/challenges/${slug}`, { files: greeterFiles(slug) })).status, 403);
      assert.equal((await author.put(`/api/challenges/${slug}`, { files: greeterFiles(uniqueSlug()) })).status, 400);
      const other = uniqueSlug();
      assert.equal((await author.put(`/api/challenges/${other}`, { files: greeterFiles(other) })).status, 404);
    });

    it('editing a hidden test makes a new unpublished version; the same content makes none', async () => {
      const slug = await authored({ publish: true });
      const same = await author.put(`/api/challenges/${slug}`, { files: greeterFiles(slug) });
      assert.equal(same.status, 200);
      assert.equal(same.body.created, false);
      const edited = await author.put(`/api/challenges/${slug}`, { files: greeterFiles(slug, { trimWeight: 4 }) });
      assert.equal(edited.status, 201);
      assert.equal(edited.body.version.version, 2);
      assert.equal(edited.body.version.current, false);
      assert.equal(edited.body.version.publishedAt, null);
      const list = await author.get(`/api/challenges/${slug}/versions`);
      assert.deepEqual(list.body.versions.map((v: { version: number; current: boolean }) => [v.version, v.current]), [[2, false], [1, true]]);
      // Recruiters still read v1.
      assert.equal((await recruiter.get(`/api/challenges/${slug}`)).body.challenge.version, 1);
    });
  });

  describe('POST /api/challenges/:slug/versions/:version/validate and publish', () => {
    it('401, 403 for a recruiter, 404 unknown version', async () => {
      const slug = await authored();
      assert.equal((await new Client(platform.url).post(`/api/challenges/${slug}/versions/1/validate`)).status, 401);
      assert.equal((await recruiter.post(`/api/challenges/${slug}/versions/1/validate`)).status, 403);
      assert.equal((await author.post(`/api/challenges/${slug}/versions/9/validate`)).status, 404);
      assert.equal((await author.post(`/api/challenges/${slug}/versions/0/validate`)).status, 400);
    });

    it('publishing needs a validated (409) and valid (422) version', async () => {
      const slug = uniqueSlug();
      await author.post('/api/challenges', { files: greeterFiles(slug, { brokenReference: true }) });
      assert.equal((await author.post(`/api/challenges/${slug}/versions/1/publish`)).status, 409);
      const stored0 = await author.get(`/api/challenges/${slug}/versions/1/validation`);
      assert.equal(stored0.body.report, null);
      const v = await author.post(`/api/challenges/${slug}/versions/1/validate`);
      assert.equal(v.status, 200);
      assert.equal(v.body.valid, false);
      assert.match(v.body.report.errors.join('\n'), /reference/);
      const publish = await author.post(`/api/challenges/${slug}/versions/1/publish`);
      assert.equal(publish.status, 422);
      const stored = await author.get(`/api/challenges/${slug}/versions/1/validation`);
      assert.equal(stored.body.valid, false);
      assert.ok(stored.body.validatedAt);
      assert.equal(stored.body.report.ok, false);
      // Never published, so never offered to recruiters.
      assert.equal((await recruiter.get(`/api/challenges/${slug}`)).status, 404);
    });

    it('validates (streaming progress as NDJSON when asked), stores the report, publishes; a published version is frozen', async () => {
      const slug = await authored();
      const streamed = await fetch(`${platform.url}/api/challenges/${slug}/versions/1/validate`, {
        method: 'POST',
        headers: { cookie: author.cookieHeader(), accept: 'application/x-ndjson' },
      });
      assert.equal(streamed.status, 200);
      assert.match(streamed.headers.get('content-type') ?? '', /ndjson/);
      const events = (await streamed.text()).trim().split('\n').map((l) => JSON.parse(l));
      assert.ok(events.some((e) => e.type === 'solution' && e.role === 'reference' && e.ok));
      assert.ok(events.some((e) => e.type === 'solution' && e.role === 'wrong' && e.ok));
      const last = events.at(-1);
      assert.equal(last.type, 'result');
      assert.equal(last.valid, true);
      assert.equal(last.published, false, 'authored challenges are published by their author');

      const published = await author.post(`/api/challenges/${slug}/versions/1/publish`);
      assert.equal(published.status, 200);
      assert.equal(published.body.status, 'published');
      assert.equal(published.body.version.current, true);
      assert.equal((await author.post(`/api/challenges/${slug}/versions/1/validate`)).status, 409);
    });
  });

  describe('GET /api/challenges and GET /api/challenges/:slug', () => {
    it('401 anonymous, 400 bad query', async () => {
      assert.equal((await new Client(platform.url).get('/api/challenges')).status, 401);
      assert.equal((await author.get('/api/challenges?status=gone')).status, 400);
    });

    it('recruiters list published challenges only and read the public view with no solution, wrong or hidden test', async () => {
      const draft = await authored();
      const published = await authored({ publish: true });
      const list = await recruiter.get('/api/challenges');
      assert.equal(list.status, 200);
      const slugs = list.body.challenges.map((c: { slug: string }) => c.slug);
      assert.ok(slugs.includes(published));
      assert.ok(!slugs.includes(draft));
      const entry = list.body.challenges.find((c: { slug: string }) => c.slug === published);
      assert.deepEqual(Object.keys(entry).sort(), ['difficulty', 'expectedMinutes', 'id', 'kind', 'skills', 'slug', 'tags', 'title', 'version']);

      assert.equal((await recruiter.get(`/api/challenges/${draft}`)).status, 404);
      assert.equal((await recruiter.get(`/api/challenges/${published}?version=1`)).status, 404);
      const view = await recruiter.get(`/api/challenges/${published}`);
      assert.equal(view.status, 200);
      const c = view.body.challenge;
      assert.equal(c.title, 'Greeter API');
      assert.deepEqual(c.skills, ['HTTP basics']);
      assert.equal(c.expectedMinutes, 10);
      assert.match(c.statement, /GET \/hello/);
      assert.deepEqual(c.samples.tests.map((t: { name: string }) => t.name), ['greets by name']);
      assert.equal(c.samples.hiddenTests, 2);
      for (const secret of [SOLUTION_MARK, WRONG_MARK, HIDDEN_MARK, 'trims the name', 'missing name is 400', 'no-validation']) {
        assert.ok(!view.text.includes(secret), `the recruiter view leaks ${secret}`);
        assert.ok(!list.text.includes(secret));
      }
    });

    it('authors list every status with versions and read drafts', async () => {
      const draft = await authored();
      const list = await author.get('/api/challenges?status=draft');
      const entry = list.body.challenges.find((c: { slug: string }) => c.slug === draft);
      assert.equal(entry.status, 'draft');
      assert.equal(entry.latestVersion, 1);
      assert.equal(entry.version, 1);
      const view = await author.get(`/api/challenges/${draft}`);
      assert.equal(view.status, 200);
      assert.equal(view.body.challenge.status, 'draft');
      const full = await author.get(`/api/challenges/${draft}/versions/1`);
      assert.match(full.body.version.files['solution.ts'], new RegExp(SOLUTION_MARK));
    });
  });

  describe('GET /api/challenges/:slug/versions/:version/export', () => {
    it('403 recruiter; the files as JSON; as a tar archive that unpacks into the folder', async () => {
      const slug = await authored();
      assert.equal((await recruiter.get(`/api/challenges/${slug}/versions/1/export`)).status, 403);
      const json = await author.get(`/api/challenges/${slug}/versions/1/export`);
      assert.deepEqual(json.body.files, greeterFiles(slug));

      const res = await fetch(`${platform.url}/api/challenges/${slug}/versions/1/export?format=tar`, { headers: { cookie: author.cookieHeader() } });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-disposition') ?? '', new RegExp(`${slug}-v1\\.tar`));
      const dir = await mkdtemp(path.join(os.tmpdir(), 'assay-export-'));
      try {
        await writeFile(path.join(dir, 'x.tar'), Buffer.from(await res.arrayBuffer()));
        execFileSync('tar', ['-xf', 'x.tar'], { cwd: dir });
        const listed = execFileSync('tar', ['-tf', 'x.tar'], { cwd: dir, encoding: 'utf8' });
        assert.match(listed, new RegExp(`${slug}/wrong/no-validation.ts`));
        const { readChallengeFiles } = await import('../../runner/challenge');
        assert.deepEqual(await readChallengeFiles(path.join(dir, slug)), greeterFiles(slug));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  describe('POST /api/challenges/:slug/archive', () => {
    it('403 recruiter, 404 unknown; archived challenges leave the recruiter list and cannot be edited', async () => {
      const slug = await authored({ publish: true });
      assert.equal((await recruiter.post(`/api/challenges/${slug}/archive`)).status, 403);
      assert.equal((await author.post(`/api/challenges/${uniqueSlug()}/archive`)).status, 404);
      const res = await author.post(`/api/challenges/${slug}/archive`);
      assert.equal(res.status, 200);
      assert.equal(res.body.status, 'archived');
      const list = await recruiter.get('/api/challenges');
      assert.ok(!list.body.challenges.some((c: { slug: string }) => c.slug === slug));
      assert.equal((await author.put(`/api/challenges/${slug}`, { files: greeterFiles(slug, { trimWeight: 2 }) })).status, 409);
    });
  });

  describe('candidates', () => {
    it('get 403 or 404 from every challenge route, and never a solution, wrong solution or hidden test', async () => {
      const slug = await authored({ publish: true });
      const routes = platform.app.registry.routes.filter((r) => r.spec.tag === 'challenges' || r.spec.path.endsWith('/judgements'));
      assert.ok(routes.length >= 13);
      for (const { spec } of routes) {
        const url =
          '/api' +
          spec.path
            .replace(':slug', slug)
            .replace(':version', '1')
            .replace(':id', spec.path.includes('rejudges') ? '00000000-0000-4000-8000-000000000000' : '1');
        const body = spec.method === 'get' ? undefined : { files: greeterFiles(slug) };
        const res = await candidate.request(spec.method.toUpperCase(), url, body);
        assert.ok([403, 404].includes(res.status), `${spec.method} ${url} answered ${res.status}`);
        for (const secret of [SOLUTION_MARK, WRONG_MARK, HIDDEN_MARK]) assert.ok(!res.text.includes(secret), `${spec.method} ${url} leaks`);
      }
    });
  });
});
