import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { createRunner } from '../../../runner/index';
import type { Runner } from '../../../runner/types';
import { startChallengeSync, syncChallengesFromDir } from '../../../server/challenges/sync';
import { createLogger } from '../../../server/logger';
import { testDatabase } from '../../helpers/database';
import { greeterFiles, uniqueSlug, writeChallengeFolder } from './fixtures';

describe('challenge sync from CHALLENGES_DIR', function () {
  this.timeout(120_000);
  let knex: Knex;
  let runner: Runner;
  let root: string;
  const logger = createLogger('silent');

  before(async () => {
    knex = (await testDatabase()).knex;
    runner = createRunner({ processes: 1 });
    root = await mkdtemp(path.join(os.tmpdir(), 'assay-sync-'));
  });
  after(async () => {
    await runner.close();
    await rm(root, { recursive: true, force: true });
  });

  const versionsOf = (slug: string) =>
    knex('challenge_versions as v').join('challenges as c', 'c.id', 'v.challenge_id').where('c.slug', slug).orderBy('v.version').select('v.*');

  it('stores v1, makes nothing for unchanged content, and a new version when a hidden test changes', async () => {
    const slug = uniqueSlug();
    await writeChallengeFolder(root, greeterFiles(slug), slug);
    const first = await syncChallengesFromDir({ knex, logger }, root);
    const mine = first.synced.find((s) => s.slug === slug)!;
    assert.equal(mine.created, true);
    assert.equal(mine.version, 1);

    const again = await syncChallengesFromDir({ knex, logger }, root);
    assert.equal(again.synced.find((s) => s.slug === slug)!.created, false);
    assert.equal((await versionsOf(slug)).length, 1);

    await writeChallengeFolder(root, greeterFiles(slug, { trimWeight: 3 }), slug);
    const edited = await syncChallengesFromDir({ knex, logger }, root);
    const v2 = edited.synced.find((s) => s.slug === slug)!;
    assert.equal(v2.created, true);
    assert.equal(v2.version, 2);
    const versions = await versionsOf(slug);
    assert.deepEqual(versions.map((v) => v.version), [1, 2]);
    assert.notEqual(versions[0].content_hash, versions[1].content_hash);
    assert.match(versions[1].files['tests.yaml'], /weight: 3/);
    const challenge = await knex('challenges').where({ slug }).first();
    assert.equal(challenge.source, 'files');
    assert.equal(challenge.current_version_id, null, 'nothing is current before validation');
  });

  it('skips a malformed folder naming file, field and line, and still syncs the others', async () => {
    const good = uniqueSlug();
    const bad = uniqueSlug('broken');
    await writeChallengeFolder(root, greeterFiles(good), good);
    const files = greeterFiles(bad);
    files['challenge.yaml'] = files['challenge.yaml'].replace('difficulty: junior', 'difficulty: wizard');
    await writeChallengeFolder(root, files, bad);
    const misnamed = uniqueSlug('misnamed');
    await writeChallengeFolder(root, greeterFiles(uniqueSlug('other')), misnamed);

    const summary = await syncChallengesFromDir({ knex, logger }, root);
    const skipped = summary.skipped.find((s) => s.folder === bad)!;
    assert.equal(skipped.file, 'challenge.yaml');
    assert.equal(skipped.field, 'difficulty');
    assert.equal(skipped.line, 4);
    const wrongSlug = summary.skipped.find((s) => s.folder === misnamed)!;
    assert.equal(wrongSlug.field, 'slug');
    assert.ok(summary.synced.some((s) => s.slug === good));
    assert.equal(await knex('challenges').where({ slug: bad }).first(), undefined);
    await rm(path.join(root, bad), { recursive: true });
    await rm(path.join(root, misnamed), { recursive: true });
  });

  it('a missing folder syncs nothing and does not throw', async () => {
    const summary = await syncChallengesFromDir({ knex, logger }, path.join(root, 'does-not-exist'));
    assert.deepEqual(summary, { synced: [], skipped: [], wallMs: 0 });
  });

  it('publishes a version once it validates, and never moves current to an invalid one', async () => {
    const own = await mkdtemp(path.join(os.tmpdir(), 'assay-sync-publish-'));
    try {
      const slug = uniqueSlug();
      await writeChallengeFolder(own, greeterFiles(slug), slug);
      const first = await startChallengeSync({ knex, runner, logger }, own);
      const result = await first.validated;
      assert.deepEqual({ validated: result.validated, valid: result.valid, published: result.published }, { validated: 1, valid: 1, published: 1 });
      const [v1] = await versionsOf(slug);
      assert.equal(v1.valid, true);
      assert.ok(v1.validated_at);
      assert.ok(v1.published_at);
      assert.equal(v1.validation.ok, true);
      assert.equal(v1.validation.wrong[0].file, 'wrong/no-validation.ts');
      let challenge = await knex('challenges').where({ slug }).first();
      assert.equal(challenge.status, 'published');
      assert.equal(challenge.current_version_id, v1.id);

      // A broken reference: v2 is stored and validated, fails, and v1 stays current.
      await writeChallengeFolder(own, greeterFiles(slug, { brokenReference: true }), slug);
      const second = await startChallengeSync({ knex, runner, logger }, own);
      const failed = await second.validated;
      assert.deepEqual(failed.failed, [slug]);
      const [, v2] = await versionsOf(slug);
      assert.equal(v2.version, 2);
      assert.equal(v2.valid, false);
      assert.ok(v2.validated_at);
      assert.match(v2.validation.errors.join('\n'), /reference/);
      challenge = await knex('challenges').where({ slug }).first();
      assert.equal(challenge.current_version_id, v1.id);

      // Reverting the folder to v1's content makes no version and needs no judging: v1 is current again.
      await writeChallengeFolder(own, greeterFiles(slug), slug);
      const third = await startChallengeSync({ knex, runner, logger }, own);
      assert.equal(third.summary.synced[0].created, false);
      assert.equal((await third.validated).validated, 0);
      assert.equal((await versionsOf(slug)).length, 2);
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  });

  it('with validate: false, versions are stored but not validated nor published', async () => {
    const own = await mkdtemp(path.join(os.tmpdir(), 'assay-sync-novalidate-'));
    try {
      const slug = uniqueSlug();
      await writeChallengeFolder(own, greeterFiles(slug), slug);
      const sync = await startChallengeSync({ knex, runner, logger }, own, { validate: false });
      assert.equal((await sync.validated).validated, 0);
      const [v1] = await versionsOf(slug);
      assert.equal(v1.validated_at, null);
      assert.equal((await knex('challenges').where({ slug }).first()).current_version_id, null);
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  });

  it('a stopped sync stores nothing from validations the closing runner failed', async () => {
    const own = await mkdtemp(path.join(os.tmpdir(), 'assay-sync-stop-'));
    const closing = createRunner({ processes: 1 });
    try {
      const slug = uniqueSlug();
      await writeChallengeFolder(own, greeterFiles(slug), slug);
      const sync = await startChallengeSync({ knex, runner: closing, logger }, own);
      sync.stop();
      await closing.close();
      await sync.validated;
      const [v1] = await versionsOf(slug);
      assert.equal(v1.validated_at, null);
      assert.equal(v1.valid, false);
    } finally {
      await closing.close();
      await rm(own, { recursive: true, force: true });
    }
  });

  it('ignores files that are not part of a challenge format (binary, other extensions)', async () => {
    const slug = uniqueSlug();
    const dir = await writeChallengeFolder(root, greeterFiles(slug), slug);
    await writeFile(path.join(dir, 'notes.bin'), Buffer.from([0, 1, 2]));
    const summary = await syncChallengesFromDir({ knex, logger }, root);
    const [v1] = await versionsOf(slug);
    assert.ok(summary.synced.some((s) => s.slug === slug));
    assert.equal(v1.files['notes.bin'], undefined);
  });
});
