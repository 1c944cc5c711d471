// The library run (server/challenges/validation.ts: validateLibrary): `first` slugs validate before the others,
// and settled() answers for a few slugs without waiting for the whole library.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { createRunner } from '../../../runner/index';
import type { Runner } from '../../../runner/types';
import { startChallengeSync, syncChallengesFromDir } from '../../../server/challenges/sync';
import { requestValidation, runValidationJob, waitForValidation } from '../../../server/challenges/validation';
import type { BackgroundJob } from '../../../server/judging/jobs';
import { JudgingAbandoned } from '../../../server/judging/submissionJudge';
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

  it('a validation is a job: requests for the same version join it, a run given up leaves it to the next attempt', async () => {
    const slug = uniqueSlug('job-greeter');
    const own = await mkdtemp(path.join(os.tmpdir(), 'assay-validation-job-'));
    try {
      await writeChallengeFolder(own, greeterFiles(slug), slug);
      const [synced] = (await syncChallengesFromDir({ knex, logger }, own)).synced;
      // A queue that only records: this test plays the workers.
      const sent: BackgroundJob[] = [];
      const queue = { send: async (_db: unknown, jobs: BackgroundJob[]) => void sent.push(...jobs) };
      const [a, b] = await Promise.all([requestValidation({ knex, queue }, synced.versionId), requestValidation({ knex, queue }, synced.versionId)]);
      assert.equal(a, b, 'one validation per version');
      assert.equal(sent.length, 1);

      // A worker takes it and drains before the end: it throws, nothing is stored, the row waits for a retry.
      const draining = new AbortController();
      const first = runValidationJob({ knex, runner, logger }, a, draining.signal);
      draining.abort();
      await assert.rejects(first, JudgingAbandoned);
      assert.equal(await validatedAt(slug), null);
      assert.equal((await knex('validation_jobs').where({ id: a }).first()).status, 'running');

      // The retry, on any worker; whoever waits (any server) gets the outcome and the progress lines.
      const lines: string[] = [];
      const waiting = waitForValidation(knex, a, { onProgress: (l) => lines.push(l.role), pollMs: 50 });
      await runValidationJob({ knex, runner, logger }, a, new AbortController().signal);
      const outcome = await waiting;
      assert.equal(outcome.valid, true);
      assert.deepEqual(lines.sort(), ['reference', 'starter', 'wrong']);
      const row = await knex('validation_jobs').where({ id: a }).first();
      assert.deepEqual([row.status, row.attempts], ['finished', 2]);
      // Delivered once more after it finished: nothing to do.
      await runValidationJob({ knex, runner, logger }, a, new AbortController().signal);
      assert.equal((await knex('validation_jobs').where({ id: a }).first()).attempts, 2);
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  });
});
