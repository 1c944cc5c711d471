// A judging that runs again (its worker died, its job expired) replaces the partial one: the stream a client
// sees goes on without a gap or a repeated test, one judgement counts, and the older attempt can no longer
// write or finish anything.
import assert from 'node:assert/strict';
import type { Platform } from '../../../server/platform';
import { finishJudging, startLiveJudging, writeBatch } from '../../../server/judging/judgementStore';
import { eventsSince } from '../../../server/judging/eventStore';
import { submissionJudge } from '../../../server/judging/submissionJudge';
import type { SubmissionFinished } from '../../../runner/types';
import { buildChallenge, type BuiltChallenge } from '../../helpers/challenges';
import { loggedIn } from '../../helpers/platform';
import { candidateVia, createAssessment, finishedSubmission, invite, startAssessmentPlatform } from '../../helpers/assessments';
import type { Client } from '../../helpers/client';

describe('judging retries', function () {
  this.timeout(120_000);
  let platform: Platform;
  let todo: BuiltChallenge;
  let recruiter: Client;
  let assessmentId: number;
  before(async function () {
    this.timeout(180_000);
    platform = await startAssessmentPlatform();
    todo = await buildChallenge(platform, 'todo-crud');
    recruiter = (await loggedIn(platform, 'recruiter')).client;
    assessmentId = (await createAssessment(recruiter, [todo.id])).id;
  });
  after(() => platform.close());

  const judgedSubmission = async () => {
    const { client } = await candidateVia(platform, (await invite(recruiter, assessmentId)).token);
    const res = await client.post(`/api/candidate/challenges/${todo.id}/submissions`, { code: todo.challenge.solution.code, language: 'typescript' });
    assert.equal(res.status, 202, res.text);
    const id = res.body.submission.id as number;
    await finishedSubmission(client, id);
    await platform.queue.idle();
    return id;
  };

  it('a retry after a partial judging shows only the tests not shown yet and leaves one finished judgement', async () => {
    const knex = platform.db.knex;
    const id = await judgedSubmission();
    const full = await eventsSince(knex, id, 0);
    // What a worker that died mid-judgement leaves: the first events, a running submission, an unfinished judgement.
    const keep = 5;
    await knex('submission_events').where({ submission_id: id }).andWhere('seq', '>', keep).delete();
    await knex('judgements').where({ submission_id: id }).update({ finished_at: null, verdict: null });
    await knex('submissions').where({ id }).update({ status: 'running', verdict: null, score: null });

    const finished = await submissionJudge({ knex, runner: platform.runner, logger: platform.logger, bus: platform.bus }, { submissionId: id, live: true });
    assert.equal(finished?.verdict, 'accepted');
    const after = await eventsSince(knex, id, 0);
    assert.deepEqual(after.map((e) => e.seq), full.map((_, i) => i + 1), 'no gap, no repeat');
    assert.deepEqual(
      after.map((e) => `${e.event.type}:${'index' in e.event ? e.event.index : ''}`),
      full.map((e) => `${e.event.type}:${'index' in e.event ? e.event.index : ''}`),
      'each test shown once, in order',
    );
    const judgements = await knex('judgements').where({ submission_id: id });
    assert.equal(judgements.length, 1, 'the partial judgement was replaced');
    const row = await knex('submissions').where({ id }).first();
    assert.equal(row.judgement_id, judgements[0].id);
    assert.equal(row.attempts, 2);
    assert.equal(Number((await knex('test_results').where({ judgement_id: judgements[0].id }).count({ n: '*' }))[0].n), todo.challenge.api!.tests.length);
  });

  it('an attempt that was superseded writes nothing and cannot finish the submission', async () => {
    const knex = platform.db.knex;
    const id = await judgedSubmission();
    await knex('submissions').where({ id }).update({ status: 'running' });
    const before = (await eventsSince(knex, id, 0)).length;
    const older = (await startLiveJudging(knex, id, 'initial'))!;
    const newer = (await startLiveJudging(knex, id, 'initial'))!;
    assert.equal(newer.attempt, older.attempt! + 1);
    const done: SubmissionFinished = { type: 'submission:finished', verdict: 'wrong_answer', points: 0, maxPoints: 1, score: 0, passed: 0, total: 1, wallMs: 1 };
    assert.deepEqual(await writeBatch(knex, older, [], [{ type: 'test:started', index: 0, name: 'x', visibility: 'sample' }]), []);
    assert.deepEqual(await finishJudging(knex, older, done, { live: true }), []);
    assert.equal((await knex('submissions').where({ id }).first()).status, 'running');
    const finished = await finishJudging(knex, newer, { ...done, verdict: 'accepted', score: 100 }, { live: true });
    assert.equal(finished.length, 1);
    assert.equal(finished[0].seq, before + 1);
    // Finished once: a second finish (a retry that raced it) changes nothing.
    assert.deepEqual(await finishJudging(knex, newer, done, { live: true }), []);
    const row = await knex('submissions').where({ id }).first();
    assert.equal(row.verdict, 'accepted');
    assert.equal(row.judgement_id, newer.judgementId);
  });
});
