// 2 servers + 2 workers as separate OS processes on one fresh PostgreSQL database (docs/DEPLOY.md's layout),
// 300 submissions from candidates signed in and connected to either server; a worker is SIGKILLed while it
// judges and a server while it streams. Every candidate must get every event of its own submissions exactly
// once and in order, and every submission must be judged once for its score. Runs only with TEST_DATABASE_URL.
import assert from 'node:assert/strict';
import knexFactory, { type Knex } from 'knex';
import { migrateLatest } from '../../server/migrate';
import { LiveCandidate, seedAssessment, type Seeded } from './candidates';
import { clusterEnv, createClusterDatabase, ready, startServer, startWorker, stop, type ClusterProcess } from './processes';

const CANDIDATES = 60;
const PER_CANDIDATE = 5;
const TOTAL = CANDIDATES * PER_CANDIDATE;
const t0 = Date.now();
const progress = (what: string) => process.env.CLUSTER_DEBUG && console.log(`  [cluster ${((Date.now() - t0) / 1000).toFixed(1)} s] ${what}`);

describe('a cluster of 2 servers and 2 workers on PostgreSQL', function () {
  this.timeout(600_000);
  const serverUrl = process.env.TEST_DATABASE_URL;
  let database: { url: string; drop(): Promise<void> } | undefined;
  let knex: Knex | undefined;
  let seeded: Seeded;
  const processes: ClusterProcess[] = [];
  const candidates: LiveCandidate[] = [];

  before(async function () {
    if (!serverUrl) return this.skip();
    database = await createClusterDatabase(serverUrl);
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
    const env = clusterEnv(database!.url, { JOB_EXPIRE_SECONDS: '15', DRAIN_SECONDS: '5' });
    // Pure API servers and pure workers, as in DEPLOY.md.
    const servers = [await startServer('server-a', { ...env, WORKERS: '0' }), await startServer('server-b', { ...env, WORKERS: '0' })];
    const workers = [startWorker('worker-1', { ...env, WORKERS: '2' }), startWorker('worker-2', { ...env, WORKERS: '2' })];
    processes.push(...servers, ...workers);
    await Promise.all(processes.map((p) => ready(p)));
    progress('4 processes ready');
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
    await submitting;
    progress('all submitted');
    await reached(Math.floor(TOTAL / 2));
    // A server dies mid-stream: its sockets' clients connect to the other server and resume from their last seq.
    servers[1].child.kill('SIGKILL');
    progress(`server-b killed at ${finished} finished`);

    const deadline = Date.now() + 150_000;
    while (finished < TOTAL && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    progress(`${finished} finished`);
    assert.equal(finished, TOTAL, `submission:finished received for ${finished}/${TOTAL}; running when the worker died: ${held[0].n}\n${workers[1].output()}`);

    const ids = candidates.flatMap((c) => c.submitted.map((s) => s.id));
    assert.equal(new Set(ids).size, TOTAL);
    const rows = await knex!('submissions').whereIn('id', ids).select('id', 'status', 'verdict', 'attempts', 'judgement_id');
    assert.ok(rows.every((r) => r.status === 'finished' && r.verdict === 'accepted'), 'every submission judged, accepted');
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

    // The survivors drain on SIGTERM and exit cleanly.
    assert.equal(await stop(workers[1]), 0, workers[1].output());
    assert.equal(await stop(servers[0]), 0, servers[0].output());
  });
});
