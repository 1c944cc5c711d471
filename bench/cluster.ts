// Cluster benchmark on a PostgreSQL server (BENCH_DATABASE_URL, else TEST_DATABASE_URL; skipped without one):
// one API server (WORKERS=0) and 1, then 2, worker processes (`npm run worker`, RUNNER_PROCESSES=1 each), as in
// docs/DEPLOY.md. Candidates POST submissions and follow them on sockets; end-to-end throughput and POST ->
// submission:finished at the client (p50/p99) are compared with the runner alone judging the same submissions
// with as many runner processes, in the same run.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import knexFactory from 'knex';
import { parseChallenge, readChallengeFiles } from '../runner/challenge';
import { createRunner } from '../runner/index';
import { migrateLatest } from '../server/migrate';
import { LiveCandidate, seedAssessment } from '../test/cluster/candidates';
import { clusterEnv, createClusterDatabase, ready, startServer, startWorker, stop, type ClusterProcess } from '../test/cluster/processes';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CANDIDATES = 40;
const PER_CANDIDATE = 5;
const TOTAL = CANDIDATES * PER_CANDIDATE;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const f = (x: number) => x.toFixed(1);

/** The runner alone: TOTAL judgings of the solution, all at once, on `processes` runner processes. */
async function runnerOnly(processes: number): Promise<number> {
  const challenge = parseChallenge(await readChallengeFiles(path.join(HERE, '..', 'challenges', 'todo-crud')));
  const runner = createRunner({ processes });
  const judge = async () => {
    for await (const e of runner.judge(challenge, { code: challenge.solution.code, language: 'typescript' }, { scope: 'all' })) void e;
  };
  try {
    await Promise.all(Array.from({ length: processes * 3 }, judge)); // warm-up
    const t0 = performance.now();
    await Promise.all(Array.from({ length: TOTAL }, judge));
    return (TOTAL / (performance.now() - t0)) * 1000;
  } finally {
    await runner.close();
  }
}

async function endToEnd(databaseUrl: string, workerCount: number): Promise<{ perSecond: number; p50: number; p99: number; received: number; broken: number }> {
  const knex = knexFactory({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 2 } });
  const processes: ClusterProcess[] = [];
  const candidates: LiveCandidate[] = [];
  try {
    const seeded = await seedAssessment(knex, CANDIDATES + 2);
    const env = clusterEnv(databaseUrl, { LOG_LEVEL: 'error' });
    const server = await startServer('server', { ...env, WORKERS: '0' });
    processes.push(server);
    for (let i = 0; i < workerCount; i++) processes.push(startWorker(`worker-${i + 1}`, { ...env, WORKERS: '3' }));
    await Promise.all(processes.map((p) => ready(p)));
    let finished = 0;
    const onFinished = () => finished++;
    for (let i = 0; i < seeded.tokens.length; i += 10)
      candidates.push(...(await Promise.all(seeded.tokens.slice(i, i + 10).map((t) => LiveCandidate.signIn(t, server.url!, [server.url!], 0, onFinished)))));
    // Warm-up: each worker's runner compiles and starts once.
    const [w1, w2] = candidates.splice(0, 2);
    await Promise.all([w1, w2].flatMap((c) => [c.submit(seeded.challengeId, seeded.code), c.submit(seeded.challengeId, seeded.code)]));
    while (finished < 4) await new Promise((r) => setTimeout(r, 20));
    candidates.push(w1, w2);
    finished = 0;

    const crowd = candidates.slice(0, CANDIDATES);
    const t0 = performance.now();
    await Promise.all(crowd.map(async (c) => {
      for (let n = 0; n < PER_CANDIDATE; n++) await c.submit(seeded.challengeId, seeded.code);
    }));
    const deadline = Date.now() + 300_000;
    while (finished < TOTAL && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const wallMs = performance.now() - t0;
    const latencies: number[] = [];
    let broken = 0;
    for (const c of crowd) {
      for (const s of c.submitted) {
        const at = c.finishedAt.get(s.id);
        if (at !== undefined) latencies.push(at - s.at);
        const seqs = (c.events.get(s.id) ?? []).map((e) => e.seq);
        if (!seqs.every((q, i) => q === i + 1)) broken++;
      }
    }
    return { perSecond: (finished / wallMs) * 1000, p50: pct(latencies, 50), p99: pct(latencies, 99), received: finished, broken };
  } finally {
    candidates.forEach((c) => c.close());
    await Promise.all(processes.map((p) => stop(p, 15_000)));
    await knex.destroy();
  }
}

export async function benchCluster(): Promise<void> {
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    console.log('\ncluster (PostgreSQL): skipped — set BENCH_DATABASE_URL or TEST_DATABASE_URL to a PostgreSQL server');
    return;
  }
  const started = performance.now();
  const rows: string[] = [];
  let failed = false;
  for (const workers of [1, 2]) {
    const database = await createClusterDatabase(serverUrl, 'assay_bench');
    try {
      const knex = knexFactory({ client: 'pg', connection: database.url, pool: { min: 0, max: 1 } });
      await migrateLatest(knex);
      await knex.destroy();
      const e2e = await endToEnd(database.url, workers);
      const runner = await runnerOnly(workers);
      const ratio = e2e.perSecond / runner;
      rows.push(
        `  ${workers} worker${workers > 1 ? 's' : ' '} (1 runner process each): end to end ${f(e2e.perSecond)} submissions/s, runner alone with ${workers} process${workers > 1 ? 'es' : ''} ${f(runner)}/s -> ${(ratio * 100).toFixed(0)}% (target >= 80%)\n` +
          `      POST -> submission:finished at the client: p50 ${f(e2e.p50)} ms, p99 ${f(e2e.p99)} ms; finished received ${e2e.received}/${TOTAL}, streams with a gap or duplicate ${e2e.broken}`,
      );
      if (e2e.received !== TOTAL || e2e.broken !== 0) failed = true;
    } finally {
      await database.drop();
    }
  }
  console.log(`\ncluster on PostgreSQL: 1 API server (WORKERS=0) + workers as separate processes, ${CANDIDATES} candidates x ${PER_CANDIDATE} submissions (todo-crud)`);
  for (const r of rows) console.log(r);
  console.log(`  total ${f((performance.now() - started) / 1000)} s`);
  if (failed) throw new Error('cluster bench: submissions or events were lost');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await benchCluster();
