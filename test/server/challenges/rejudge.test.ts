import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Platform } from '../../../server/platform';
import { submissionJudge } from '../../../server/judging/submissionJudge';
import { listJudgements } from '../../../server/challenges/judgements';
import { runRejudgeItem, waitForRejudge } from '../../../server/challenges/rejudgeJobs';
import { challengeRejudger, resolveRejudgeTarget } from '../../../server/commands/challengeRejudger';
import { finishRejudgeItem, startRejudgeItem } from '../../../server/judging/judgementStore';
import { createLocalQueue } from '../../../server/judging/queue';
import { Client } from '../../helpers/client';
import { buildUser, loggedIn, startTestPlatform } from '../../helpers/platform';
import { greeterFiles, NO_TRIM_SUBMISSION, uniqueSlug } from './fixtures';

describe('rejudging a challenge against a new version', function () {
  this.timeout(180_000);
  let platform: Platform;
  let emptyDir: string;
  let author: Client;

  before(async () => {
    emptyDir = await mkdtemp(path.join(os.tmpdir(), 'assay-no-challenges-'));
    platform = await startTestPlatform({ env: { CHALLENGES_DIR: emptyDir } });
    author = (await loggedIn(platform, 'author')).client;
  });
  after(async () => {
    await platform.close();
    await rm(emptyDir, { recursive: true, force: true });
  });

  async function validated(slug: string, version: number) {
    const res = await author.post(`/api/challenges/${slug}/versions/${version}/validate`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.valid, true, JSON.stringify(res.body.report?.errors));
  }

  /** An assessment of `recruiterId` with one invited candidate; submissions are stored as the candidate's. */
  async function submissionOf(recruiterId: number, challengeSlug: string, code: string, mode: 'submit' | 'run' = 'submit'): Promise<number> {
    const knex = platform.db.knex;
    const challenge = await knex('challenges').where({ slug: challengeSlug }).first();
    const [assessment] = await knex('assessments').insert({ title: `Rejudge ${challengeSlug}`, recruiter_id: recruiterId, time_limit_minutes: 60 }).returning('id');
    const [invitation] = await knex('invitations')
      .insert({
        assessment_id: assessment.id,
        email: `${randomBytes(4).toString('hex')}@example.test`,
        token_hash: randomBytes(32).toString('hex'),
        expires_at: new Date(Date.now() + 86_400_000),
        pinned_versions: JSON.stringify({ [challenge.id]: challenge.current_version_id }),
      })
      .returning('id');
    const [submission] = await knex('submissions')
      .insert({
        invitation_id: invitation.id,
        challenge_id: challenge.id,
        challenge_version_id: challenge.current_version_id,
        mode,
        language: 'typescript',
        code,
      })
      .returning('id');
    await submissionJudge({ knex, runner: platform.runner, logger: platform.logger }, { submissionId: submission.id, live: false });
    return submission.id;
  }

  async function finishedJob(slug: string, id: string) {
    for (let i = 0; i < 600; i++) {
      const res = await author.get(`/api/challenges/${slug}/rejudges/${id}`);
      assert.equal(res.status, 200);
      if (res.body.job.status !== 'running') return res.body.job;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the rejudge did not finish');
  }

  it('editing a hidden test makes v2; rejudging against it changes stored scores and keeps the history', async () => {
    const knex = platform.db.knex;
    const slug = uniqueSlug();
    assert.equal((await author.post('/api/challenges', { files: greeterFiles(slug) })).status, 201);
    await validated(slug, 1);
    assert.equal((await author.post(`/api/challenges/${slug}/versions/1/publish`)).status, 200);

    const { client: recruiter, user: recruiterUser } = await loggedIn(platform, 'recruiter');
    const noTrim = await submissionOf(recruiterUser.id, slug, NO_TRIM_SUBMISSION);
    const reference = await submissionOf(recruiterUser.id, slug, greeterFiles(slug)['solution.ts']);
    const sampleRun = await submissionOf(recruiterUser.id, slug, NO_TRIM_SUBMISSION, 'run');
    const before = await knex('submissions').where({ id: noTrim }).first();
    assert.equal(before.verdict, 'wrong_answer');
    assert.equal(before.score, 50, 'one of two equally weighted hidden tests passes');
    const firstJudgement = before.judgement_id;
    const firstResults = await knex('test_results').where({ judgement_id: firstJudgement }).count({ n: '*' }).first();

    // The trim test now weighs 3: the same answer is worth 1/4.
    const edited = await author.put(`/api/challenges/${slug}`, { files: greeterFiles(slug, { trimWeight: 3 }) });
    assert.equal(edited.status, 201);
    assert.equal(edited.body.version.version, 2);

    // Only valid versions are rejudged against.
    assert.equal((await author.post(`/api/challenges/${slug}/rejudge`, { version: 2 })).status, 422);
    await validated(slug, 2);

    assert.equal((await new Client(platform.url).post(`/api/challenges/${slug}/rejudge`, { version: 2 })).status, 401);
    assert.equal((await author.post(`/api/challenges/${slug}/rejudge`, { version: 'two' })).status, 400);
    assert.equal((await recruiter.post(`/api/challenges/${slug}/rejudge`, { version: 2 })).status, 403);
    assert.equal((await author.post(`/api/challenges/${slug}/rejudge`, { version: 7 })).status, 404);

    const started = await author.post(`/api/challenges/${slug}/rejudge`, { version: 2 });
    assert.equal(started.status, 202);
    assert.equal(started.body.job.version, 2);
    const job = await finishedJob(slug, started.body.job.id);
    assert.equal(job.status, 'finished');
    assert.equal(job.total, 2, 'run-mode submissions are not rejudged');
    assert.equal(job.changed, 1);
    const changed = job.items.find((i: { submissionId: number }) => i.submissionId === noTrim);
    assert.deepEqual([changed.before.score, changed.after.score, changed.changed], [50, 25, true]);
    assert.equal(job.items.find((i: { submissionId: number }) => i.submissionId === reference).changed, false);

    const after = await knex('submissions').where({ id: noTrim }).first();
    assert.equal(after.score, 25);
    const v2 = await knex('challenge_versions as v').join('challenges as c', 'c.id', 'v.challenge_id').where({ 'c.slug': slug, 'v.version': 2 }).first('v.id');
    assert.equal(after.challenge_version_id, v2.id, 'the submission records the version it was last judged against');
    assert.notEqual(after.judgement_id, firstJudgement);
    // History: the first judgement and its test results are still there.
    const kept = await knex('test_results').where({ judgement_id: firstJudgement }).count({ n: '*' }).first();
    assert.equal(Number(kept!.n), Number(firstResults!.n));
    assert.equal((await knex('submissions').where({ id: sampleRun }).first()).judgement_id !== null, true);

    const history = await listJudgements(knex, noTrim);
    assert.deepEqual(
      history.map((j) => [j.version, j.reason, j.score, j.scoreChange, j.current]),
      [
        [1, 'initial', 50, null, false],
        [2, 'rejudge against v2', 25, -25, true],
      ],
    );

    // The recruiter of the assessment sees when and why the score changed; another recruiter and candidates do not.
    const seen = await recruiter.get(`/api/submissions/${noTrim}/judgements`);
    assert.equal(seen.status, 200);
    assert.equal(seen.body.judgements[1].reason, 'rejudge against v2');
    assert.equal(seen.body.judgements[1].verdict, 'wrong_answer');
    const { client: otherRecruiter } = await loggedIn(platform, 'recruiter');
    assert.equal((await otherRecruiter.get(`/api/submissions/${noTrim}/judgements`)).status, 404);
    const { client: candidate } = await loggedIn(platform, 'candidate');
    assert.equal((await candidate.get(`/api/submissions/${noTrim}/judgements`)).status, 403);
    assert.equal((await new Client(platform.url).get(`/api/submissions/${noTrim}/judgements`)).status, 401);
    assert.equal((await author.get(`/api/submissions/abc/judgements`)).status, 400);
    // Authors rejudge, but a candidate's judgements are for the assessment's recruiter (the submission viewer rule).
    assert.equal((await author.get(`/api/submissions/${noTrim}/judgements`)).status, 404);
  });

  it('a rejudge that fails inside the platform keeps the previous score', async () => {
    const knex = platform.db.knex;
    const slug = uniqueSlug();
    await author.post('/api/challenges', { files: greeterFiles(slug) });
    await validated(slug, 1);
    await author.post(`/api/challenges/${slug}/versions/1/publish`);
    const recruiterUser = await buildUser(platform, 'recruiter');
    const id = await submissionOf(recruiterUser.id, slug, NO_TRIM_SUBMISSION);
    const before = await knex('submissions').where({ id }).first();

    const { createRunner } = await import('../../../runner/index');
    const closed = createRunner({ processes: 1 });
    await closed.close();
    const queue = createLocalQueue({ knex, runner: closed, logger: platform.logger }, { concurrency: 2 });
    const job = await waitForRejudge(knex, await challengeRejudger({ knex, queue }, await resolveRejudgeTarget(knex, slug), null));
    await queue.close(0);
    assert.equal(job.status, 'finished');
    assert.equal(job.summary!.failed, 1);
    const after = await knex('submissions').where({ id }).first();
    assert.deepEqual([after.score, after.verdict, after.judgement_id], [before.score, before.verdict, before.judgement_id]);
    const history = await listJudgements(knex, id);
    assert.equal(history.length, 2, 'the failed attempt is kept as history');
    assert.equal(history[1].verdict, 'internal_error');
    assert.equal(history[1].current, false);
  });

  it('an item run again (its worker died, its job came back) counts once; a superseded attempt writes nothing', async () => {
    const knex = platform.db.knex;
    const slug = uniqueSlug();
    await author.post('/api/challenges', { files: greeterFiles(slug) });
    await validated(slug, 1);
    await author.post(`/api/challenges/${slug}/versions/1/publish`);
    const recruiterUser = await buildUser(platform, 'recruiter');
    const a = await submissionOf(recruiterUser.id, slug, NO_TRIM_SUBMISSION);
    const b = await submissionOf(recruiterUser.id, slug, greeterFiles(slug)['solution.ts']);
    const target = await resolveRejudgeTarget(knex, slug);
    // Items sent to a queue that never runs them: this test plays the workers.
    const sent: unknown[] = [];
    const id = await challengeRejudger({ knex, queue: { send: async (_db, jobs) => void sent.push(...jobs) } }, target, null);
    assert.equal(sent.length, 2);
    const reason = `rejudge against v${target.version}`;
    const deps = { knex, runner: platform.runner, logger: platform.logger };

    // A worker claims item a and dies after writing part of it; the job comes back and a second attempt runs.
    const dead = (await startRejudgeItem(knex, id, a, target.versionId, reason))!;
    const item = { jobId: id, submissionId: a, versionId: target.versionId, reason };
    await runRejudgeItem(deps, item, new AbortController().signal);
    // The first attempt, still alive somewhere, tries to finish: it no longer owns the item.
    const late = await finishRejudgeItem(knex, dead, { type: 'submission:finished', verdict: 'accepted', points: 2, maxPoints: 2, score: 100, passed: 2, total: 2, wallMs: 1 });
    assert.equal(late, false);
    // The same job delivered once more after it finished does nothing.
    await runRejudgeItem(deps, item, new AbortController().signal);
    await runRejudgeItem(deps, { ...item, submissionId: b }, new AbortController().signal);

    const job = await waitForRejudge(knex, id);
    assert.equal(job.status, 'finished');
    assert.deepEqual([job.total, job.done, job.items.length], [2, 2, 2]);
    const rejudged = await knex('judgements').where({ submission_id: a, reason });
    assert.equal(rejudged.length, 1, 'the dead attempt\'s unfinished judgement was replaced');
    assert.ok(rejudged[0].finished_at);
    const row = await knex('submissions').where({ id: a }).first();
    assert.deepEqual([row.judgement_id, row.score], [rejudged[0].id, 50], 'the late attempt did not write its score');
  });
});
