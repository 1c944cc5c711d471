// 2 servers + 2 workers as separate OS processes on one fresh PostgreSQL database (docs/DEPLOY.md's layout),
// 300 submissions from candidates signed in and connected to either server; a worker is SIGKILLed while it
// judges and a server while it streams. Every candidate must get every event of its own submissions exactly
// once and in order, and every submission must be judged once for its score. Then a rejudge started through
// one server is followed through another while the workers do it, one of them SIGKILLed midway: every score
// counts once. The servers start together on one challenges folder, which is validated once. Runs only with
// TEST_DATABASE_URL.
import assert from 'node:assert/strict';
import knexFactory, { type Knex } from 'knex';
import { migrateLatest } from '../../server/migrate';
import { LiveCandidate, seedAssessment, type Seeded } from './candidates';
import { libraryDir, seedRejudge, signedInAuthor } from './jobs';
import { createServerDatabase, type ServerDatabase } from '../helpers/serverDatabase';
import { clusterEnv, ready, startServer, startWorker, stop, type ClusterProcess } from './processes';

const CANDIDATES = 60;
const PER_CANDIDATE = 5;
const TOTAL = CANDIDATES * PER_CANDIDATE;
const REJUDGED = 40;
const t0 = Date.now();
const progress = (what: string) => process.env.CLUSTER_DEBUG && console.log(`  [cluster ${((Date.now() - t0) / 1000).toFixed(1)} s] ${what}`);

describe('a cluster of 2 servers and 2 workers on PostgreSQL', function () {
  this.timeout(600_000);
  const serverUrl = process.env.TEST_DATABASE_URL;
  let database: ServerDatabase | undefined;
  let knex: Knex | undefined;
  let seeded: Seeded;
  const processes: ClusterProcess[] = [];
  const candidates: LiveCandidate[] = [];

  before(async function () {
    if (!serverUrl) return this.skip();
    database = await createServerDatabase(serverUrl, 'assay_cluster');
    knex = knexFactory({ client: 'pg', connection: database.url, pool: { min: 0, max: 4 } });
    await migrateLatest(knex);
    seeded = await seedAssessment(knex, CANDIDATES);
  });

  after(async () => {
    candidates.forEach((c) => c.close());
    await Promise.all(processes.map((p) => stop(p, 10_000)));
    await knex?.destroy();
    await database?.drop();
  });

  it('judges every submission once and streams every event once, in order, through a worker and a server dying', async () => {
    const library = await libraryDir();
    const env = clusterEnv(database!.url, { JOB_EXPIRE_SECONDS: '15', DRAIN_SECONDS: '5', CHALLENGES_DIR: library.dir });
    // Pure API servers and pure workers, as in DEPLOY.md.
    const servers = [await startServer('server-a', { ...env, WORKERS: '0' }), await startServer('server-b', { ...env, WORKERS: '0' })];
    const workers = [startWorker('worker-1', { ...env, WORKERS: '2' }), startWorker('worker-2', { ...env, WORKERS: '2' })];
    // For the rejudge later: a server to take server-b's place, started with the others (three servers then sync
    // the challenges folder at the same moment).
    const serverC = await startServer('server-c', { ...env, WORKERS: '0' });
    processes.push(...servers, ...workers, serverC);
    await Promise.all(processes.map((p) => ready(p)));
    progress('5 processes ready');
    const urls = servers.map((s) => s.url!);

    let finished = 0;
    const milestones: Array<{ at: number; resolve: () => void }> = [];
    const onFinished = () => {
      finished++;
      for (const m of milestones.filter((m) => finished >= m.at)) {
        milestones.splice(milestones.indexOf(m), 1);
        m.resolve();
      }
    };
    const reached = (at: number) => (finished >= at ? Promise.resolve() : new Promise<void>((resolve) => milestones.push({ at, resolve })));

    // Candidate i signs in through server i % 2 and follows its submissions on server ⌊i / 2⌋ % 2: half of them
    // watch a server that did not take their submissions.
    for (let i = 0; i < CANDIDATES; i += 10) {
      candidates.push(
        ...(await Promise.all(
          seeded.tokens.slice(i, i + 10).map((t, k) => LiveCandidate.signIn(t, urls[(i + k) % 2], urls, Math.floor((i + k) / 2) % 2, onFinished)),
        )),
      );
    }

    progress(`${CANDIDATES} candidates signed in`);
    const submitting = Promise.all(candidates.map(async (c) => {
      for (let n = 0; n < PER_CANDIDATE; n++) await c.submit(seeded.challengeId, seeded.code);
    }));

    await reached(40);
    // A worker dies mid-judgement: the jobs it held come back when they expire and are judged by the other.
    const held = await knex!('submissions').where({ status: 'running' }).count({ n: '*' });
    workers[0].child.kill('SIGKILL');
    progress(`worker-1 killed, ${held[0].n} submissions running`);
    // Its replacement, as an operator (or systemd) would start it: the rejudge below needs two live workers.
    const worker3 = startWorker('worker-3', { ...env, WORKERS: '2' });
    processes.push(worker3);
    await submitting;
    progress('all submitted');
    await reached(Math.floor(TOTAL / 2));
    // A server dies mid-stream: its sockets' clients connect to the other server and resume from their last seq.
    servers[1].child.kill('SIGKILL');
    progress(`server-b killed at ${finished} finished`);

    // A deadline against losing submissions, not a speed target: the machine running the test may be busy.
    const deadline = Date.now() + 300_000;
    while (finished < TOTAL && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    progress(`${finished} finished`);
    assert.equal(finished, TOTAL, `submission:finished received for ${finished}/${TOTAL}; running when the worker died: ${held[0].n}\n${workers[1].output()}`);

    const ids = candidates.flatMap((c) => c.submitted.map((s) => s.id));
    assert.equal(new Set(ids).size, TOTAL);
    const rows = await knex!('submissions').whereIn('id', ids).select('id', 'status', 'verdict', 'attempts', 'judgement_id');
    const verdicts = rows.reduce<Record<string, number>>((n, r) => ({ ...n, [`${r.status}/${r.verdict}`]: (n[`${r.status}/${r.verdict}`] ?? 0) + 1 }), {});
    assert.ok(rows.every((r) => r.status === 'finished' && r.verdict === 'accepted'), `every submission judged, accepted: ${JSON.stringify(verdicts)}`);
    assert.ok(rows.some((r) => r.attempts > 1), 'the dead worker left judgings that another attempt finished');

    // Score once: exactly one finished judgement per submission, and it is the one the submission points at,
    // with one result per test.
    const judgements = await knex!('judgements').whereIn('submission_id', ids).whereNotNull('finished_at').select('id', 'submission_id');
    assert.equal(judgements.length, TOTAL, 'one finished judgement per submission');
    const bySubmission = new Map(judgements.map((j) => [j.submission_id, j.id]));
    for (const r of rows) assert.equal(r.judgement_id, bySubmission.get(r.id));
    const results = await knex!('test_results').whereIn('judgement_id', judgements.map((j) => j.id)).count({ n: '*' });
    assert.equal(Number(results[0].n), TOTAL * seeded.tests);

    // Every candidate saw exactly the stored stream of each of its submissions: 1..n, each once, in order.
    const stored = await knex!('submission_events').whereIn('submission_id', ids).orderBy(['submission_id', 'seq']).select('submission_id', 'seq', 'type');
    const streams = new Map<number, Array<{ seq: number; type: string }>>();
    for (const e of stored) {
      if (!streams.has(e.submission_id)) streams.set(e.submission_id, []);
      streams.get(e.submission_id)!.push({ seq: e.seq, type: e.type });
    }
    for (const c of candidates) {
      for (const { id } of c.submitted) {
        const want = streams.get(id)!;
        assert.deepEqual(want.map((e) => e.seq), want.map((_, i) => i + 1), `stored stream of ${id} has no gap`);
        assert.equal(want.filter((e) => e.type === 'submission:finished').length, 1);
        const got = (c.events.get(id) ?? []).map((e) => ({ seq: e.seq, type: e.type }));
        assert.deepEqual(got, want, `candidate stream of submission ${id}`);
      }
    }
    assert.ok(candidates.some((c) => c.failovers > 0), 'some clients resumed on the other server');

    // The library: three servers synced the same folder at the same start; its validation ran once, on a worker.
    const version = await knex!('challenge_versions as v').join('challenges as c', 'c.id', 'v.challenge_id').where('c.slug', library.slug).first('v.id', 'v.valid', 'c.status');
    const validations = await knex!('validation_jobs').where({ version_id: version.id }).select('status', 'attempts', 'outcome');
    assert.equal(validations.length, 1, `one validation of the library for three servers: ${JSON.stringify(validations)}`);
    assert.deepEqual([validations[0].status, validations[0].attempts, version.valid, version.status], ['finished', 1, true, 'published']);

    // A rejudge started through server A, followed through server C while the workers run its items; a worker
    // dies midway and its items come back when their jobs expire.
    const rejudge = await seedRejudge(knex!, REJUDGED);
    const author = await signedInAuthor(knex!, urls[0]);
    const watcher = await signedInAuthor(knex!, serverC.url!);
    const started = await author.post(`/api/challenges/${rejudge.slug}/rejudge`, {});
    assert.equal(started.status, 202, started.text);
    await ready(worker3);
    const jobUrl = `/api/challenges/${rejudge.slug}/rejudges/${started.body.job.id}`;
    const seen: number[] = [];
    let killedAt: number | undefined;
    const until = Date.now() + 100_000;
    let job: { status: string; done: number; total: number; changed: number; failed: number; items: Array<{ submissionId: number; changed: boolean; after: { score: number } | null }> };
    for (;;) {
      const res = await watcher.get(jobUrl);
      assert.equal(res.status, 200, res.text);
      job = res.body.job;
      seen.push(job.done);
      if (killedAt === undefined && job.done >= 4) {
        workers[1].child.kill('SIGKILL');
        killedAt = job.done;
        progress(`worker-2 killed during the rejudge at ${job.done}/${job.total}`);
      }
      if (job.status !== 'running' || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    progress(`rejudge ${job.status}: ${job.done}/${job.total}`);
    assert.equal(job.status, 'finished', `${JSON.stringify(job)}\n${worker3.output()}`);
    assert.ok(seen.some((d) => d > 0 && d < REJUDGED), 'server C answered the status while the workers were at it');
    assert.deepEqual([job.total, job.done, job.changed, job.failed, job.items.length], [REJUDGED, REJUDGED, REJUDGED, 0, REJUDGED]);
    assert.ok(job.items.every((i) => i.changed && i.after?.score === 100));
    const items = await knex!('rejudge_items').where({ job_id: started.body.job.id }).select('attempts');
    assert.ok(items.some((i) => i.attempts > 1), 'the dead worker left items that another attempt finished');
    // Every score counts once: one finished rejudge judgement per submission, the one its score comes from,
    // and nothing left unfinished by the dead worker.
    const rejudged = await knex!('judgements').whereIn('submission_id', rejudge.submissionIds).select('id', 'submission_id', 'finished_at', 'score');
    assert.equal(rejudged.length, REJUDGED, 'one judgement per submission, the dead attempts\' partial ones replaced');
    assert.ok(rejudged.every((j) => j.finished_at && Number(j.score) === 100));
    const scored = await knex!('submissions').whereIn('id', rejudge.submissionIds).select('id', 'score', 'judgement_id');
    const judgementOf = new Map(rejudged.map((j) => [j.submission_id, j.id]));
    assert.ok(scored.every((r) => Number(r.score) === 100 && r.judgement_id === judgementOf.get(r.id)));

    // The survivors drain on SIGTERM and exit cleanly.
    assert.equal(await stop(worker3), 0, worker3.output());
    assert.equal(await stop(servers[0]), 0, servers[0].output());
    assert.equal(await stop(serverC), 0, serverC.output());
  });
});
