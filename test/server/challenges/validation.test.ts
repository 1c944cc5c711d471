// The library run (server/challenges/validation.ts: validateLibrary): `first` slugs validate before the others,
// and settled() answers for a few slugs without waiting for the whole library.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { createRunner } from '../../../runner/index';
import type { Runner } from '../../../runner/types';
import { startChallengeSync } from '../../../server/challenges/sync';
import { createLogger } from '../../../server/logger';
import { testDatabase } from '../../helpers/database';
import { greeterFiles, uniqueSlug, writeChallengeFolder } from './fixtures';

describe('library validation order', function () {
  this.timeout(120_000);
  let knex: Knex;
  let runner: Runner;
  let root: string;
  const logger = createLogger('silent');

  before(async () => {
    knex = (await testDatabase()).knex;
    runner = createRunner({ processes: 1 });
    root = await mkdtemp(path.join(os.tmpdir(), 'assay-library-'));
  });
  after(async () => {
    await runner.close();
    await rm(root, { recursive: true, force: true });
  });

  const validatedAt = async (slug: string): Promise<Date | null> => {
    const row = await knex('challenge_versions as v').join('challenges as c', 'c.id', 'v.challenge_id').where('c.slug', slug).first('v.validated_at');
    return row?.validated_at ? new Date(row.validated_at) : null;
  };

  it('validates `first` before the rest, and settled() resolves for it while the rest waits', async () => {
    // "a-…" sorts first by name; "z-…" is asked for first.
    const early = uniqueSlug('a-greeter');
    const wanted = uniqueSlug('z-greeter');
    await writeChallengeFolder(root, greeterFiles(early), early);
    await writeChallengeFolder(root, greeterFiles(wanted), wanted);

    const sync = await startChallengeSync({ knex, runner, logger }, root, { concurrency: 1, first: [wanted] });
    await sync.settled([wanted, 'not-in-the-folder']);
    assert.ok(await validatedAt(wanted), 'the wanted challenge is validated');
    assert.equal(await validatedAt(early), null, 'one at a time: the other one has not been validated yet');
    const published = await knex('challenges').where({ slug: wanted }).first('status', 'current_version_id');
    assert.equal(published.status, 'published');

    const result = await sync.validated;
    assert.equal(result.validated, 2);
    assert.ok((await validatedAt(early))! >= (await validatedAt(wanted))!);
    await sync.settled([early]);
  });

  it('settled() resolves when the run is stopped before reaching the slug', async () => {
    const a = uniqueSlug('stop-a');
    const b = uniqueSlug('stop-b');
    const own = await mkdtemp(path.join(os.tmpdir(), 'assay-library-stop-'));
    try {
      await writeChallengeFolder(own, greeterFiles(a), a);
      await writeChallengeFolder(own, greeterFiles(b), b);
      const sync = await startChallengeSync({ knex, runner, logger }, own, { concurrency: 1, first: [a] });
      sync.stop();
      await sync.settled([a, b]);
      await sync.validated;
      assert.equal(await validatedAt(b), null);
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  });
});
