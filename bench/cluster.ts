// Cluster benchmark on a PostgreSQL server (BENCH_DATABASE_URL, else TEST_DATABASE_URL; skipped without one):
// one API server (WORKERS=0) and 1, then 2, worker processes (`npm run worker`, RUNNER_PROCESSES=1 and the default WORKERS each), as in
// docs/DEPLOY.md. Candidates POST submissions and follow them on sockets; end-to-end throughput and POST ->
// submission:finished at the client (p50/p99) are compared with the runner alone judging the same submissions
// with as many runner processes, in the same run. Bursts of the two alternate (ROUNDS each, medians reported):
// on this 2-core machine a single burst of either varies by a quarter from one run to the next.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import knexFactory from 'knex';
import { parseChallenge, readChallengeFiles } from '../runner/challenge';
import { createRunner } from '../runner/index';
import { migrateLatest } from '../server/migrate';
import { LiveCandidate, seedAssessment } from '../test/cluster/candidates';
import { createServerDatabase } from '../test/helpers/serverDatabase';
import { clusterEnv, ready, startServer, startWorker, stop, type ClusterProcess } from '../test/cluster/processes';
import { allCoresRate, cpuAccounting, cpuSince } from './processCpu';
import { solutionBurst } from './solutionBurst';
import { pct } from './stats';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CANDIDATES = 40;
const PER_CANDIDATE = 5;
const TOTAL = CANDIDATES * PER_CANDIDATE;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const f = (x: number) => x.toFixed(1);

const median = (xs: number[]) => pct(xs, 50);

/** The runner alone on `processes` runner processes: each burst is TOTAL judgings of the solution, all at once. */
async function runnerAlone(processes: number): Promise<{ burst(): Promise<{ perSecond: number; cpuMs: number }>; close(): Promise<void> }> {
  const challenge = parseChallenge(await readChallengeFiles(path.join(HERE, '..', 'challenges', 'todo-crud')));
  const runner = createRunner({ processes });
  await solutionBurst(runner, challenge, processes * 3); // the processes start
  return {
    async burst() {
      const cpu = cpuSince({ bench: process.pid });
      const perSecond = await solutionBurst(runner, challenge, TOTAL);
      const used = cpu();
      return { perSecond, cpuMs: (used.get('bench') ?? 0) + (used.get('bench children') ?? 0) };
    },
    close: () => runner.close(),
  };
}

interface Burst {
  perSecond: number;
  latencies: number[];
  received: number;
  broken: number;
  /** CPU ms by part of the cluster during the burst. */
  cpu: Map<string, number>;
}

/** Worker processes' groups folded into one each: their parents, and their runner children. */
function clusterParts(groups: Map<string, number>): Map<string, number> {
  const parts = new Map<string, number>();
  for (const [name, ms] of groups) {
    const part = /^worker-\d+ children$/.test(name) ? 'runner processes' : /^worker-\d+$/.test(name) ? 'workers' : name === 'bench' ? 'clients' : name;
    if (part === 'bench children') continue; // the idle runner of the runner-alone bursts
    parts.set(part, (parts.get(part) ?? 0) + ms);
  }
  return parts;
}

/** A cluster on `databaseUrl`: an API server, `workerCount` workers, and ROUNDS crowds of candidates signed in. */
async function startCluster(databaseUrl: string, workerCount: number): Promise<{ burst(): Promise<Burst>; close(): Promise<void> }> {
  const knex = knexFactory({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 2 } });
  const processes: ClusterProcess[] = [];
  const candidates: LiveCandidate[] = [];
  const close = async () => {
    candidates.forEach((c) => c.close());
    await Promise.all(processes.map((p) => stop(p, 15_000)));
    await knex.destroy();
  };
  try {
    // A crowd per round: a candidate may submit 10 times a minute.
    const seeded = await seedAssessment(knex, CANDIDATES * (ROUNDS + 1) + 2);
    const env = clusterEnv(databaseUrl, { LOG_LEVEL: 'error' });
    const server = await startServer('server', { ...env, WORKERS: '0' });
    processes.push(server);
    for (let i = 0; i < workerCount; i++) processes.push(startWorker(`worker-${i + 1}`, env));
    await Promise.all(processes.map((p) => ready(p)));
    let finished = 0;
    const onFinished = () => finished++;
    for (let i = 0; i < seeded.tokens.length; i += 10)
      candidates.push(...(await Promise.all(seeded.tokens.slice(i, i + 10).map((t) => LiveCandidate.signIn(t, server.url!, [server.url!], 0, onFinished)))));
    // Warm-up: each worker's runner compiles and starts once.
    const warm = candidates.slice(-2);
    await Promise.all(warm.flatMap((c) => [c.submit(seeded.challengeId, seeded.code), c.submit(seeded.challengeId, seeded.code)]));
    while (finished < 4) await new Promise((r) => setTimeout(r, 20));
    let round = 0;
    return {
      close,
      async burst() {
        const crowd = candidates.slice(round * CANDIDATES, ++round * CANDIDATES);
        finished = 0;
        const roots: Record<string, number> = { bench: process.pid };
        for (const p of processes) roots[p.name] = p.child.pid!;
        const cpu = cpuSince(roots);
        const t0 = performance.now();
        await Promise.all(crowd.map(async (c) => {
          for (let n = 0; n < PER_CANDIDATE; n++) await c.submit(seeded.challengeId, seeded.code);
        }));
        const deadline = Date.now() + 300_000;
        while (finished < TOTAL && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        const wallMs = performance.now() - t0;
        const used = clusterParts(cpu());
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
        return { perSecond: (finished / wallMs) * 1000, latencies, received: finished, broken, cpu: used };
      },
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * Where a submission's CPU goes end to end, against the runner alone, and the throughput each would reach with
 * every core of this machine busy: the ceiling of the ratio when the cluster shares the runner's cores.
 */
function cpuLines(e2e: Burst[], aloneMsPerSubmission: number, aloneRate: number): string {
  const total = new Map<string, number>();
  let submissions = 0;
  for (const b of e2e) {
    submissions += b.received;
    for (const [part, ms] of b.cpu) total.set(part, (total.get(part) ?? 0) + ms);
  }
  const order = ['runner processes', 'workers', 'server', 'PostgreSQL', 'clients'];
  const per = order.filter((p) => total.has(p)).map((p) => [p, total.get(p)! / submissions] as const);
  const e2eMs = per.reduce((n, [, ms]) => n + ms, 0);
  const bound = allCoresRate(e2eMs);
  return (
    `      CPU per submission end to end ${f(e2eMs)} ms: ${per.map(([p, ms]) => `${p} ${f(ms)}`).join(', ')}; runner alone ${f(aloneMsPerSubmission)} ms\n` +
    `      with all ${os.availableParallelism()} cores busy end to end could reach ${f(bound)}/s = ${((bound / aloneRate) * 100).toFixed(0)}% of the runner alone measured here` +
    (!total.has('PostgreSQL') ? ' (PostgreSQL runs elsewhere: not counted)' : '')
  );
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
    const database = await createServerDatabase(serverUrl, 'assay_bench');
    try {
      const knex = knexFactory({ client: 'pg', connection: database.url, pool: { min: 0, max: 1 } });
      await migrateLatest(knex);
      await knex.destroy();
      const cluster = await startCluster(database.url, workers);
      const alone = await runnerAlone(workers).catch(async (err) => {
        await cluster.close();
        throw err;
      });
      const e2e: Burst[] = [];
      const alonePerSecond: number[] = [];
      let aloneCpuMs = 0;
      try {
        // A first burst of each is not counted (the processes' code is not optimized yet); then the cluster
        // idles while the runner alone runs, and the other way round.
        await cluster.burst();
        await alone.burst();
        for (let r = 0; r < ROUNDS; r++) {
          e2e.push(await cluster.burst());
          const a = await alone.burst();
          alonePerSecond.push(a.perSecond);
          aloneCpuMs += a.cpuMs;
        }
      } finally {
        await Promise.all([cluster.close(), alone.close()]);
      }
      const rate = median(e2e.map((b) => b.perSecond));
      const aloneRate = median(alonePerSecond);
      const latencies = e2e.flatMap((b) => b.latencies);
      const received = e2e.reduce((n, b) => n + b.received, 0);
      const broken = e2e.reduce((n, b) => n + b.broken, 0);
      rows.push(
        `  ${workers} worker${workers > 1 ? 's' : ' '} (1 runner process each): end to end ${f(rate)} submissions/s, runner alone with ${workers} process${workers > 1 ? 'es' : ''} ${f(aloneRate)}/s -> ${((rate / aloneRate) * 100).toFixed(0)}% (target >= 80%)\n` +
          `      medians of ${ROUNDS} alternating bursts; each burst end to end ${e2e.map((b) => f(b.perSecond)).join(', ')}/s, runner alone ${alonePerSecond.map(f).join(', ')}/s\n` +
          `      POST -> submission:finished at the client: p50 ${f(pct(latencies, 50))} ms, p99 ${f(pct(latencies, 99))} ms; finished received ${received}/${TOTAL * ROUNDS}, streams with a gap or duplicate ${broken}` +
          (cpuAccounting ? `\n${cpuLines(e2e, aloneCpuMs / (TOTAL * ROUNDS), aloneRate)}` : ''),
      );
      if (received !== TOTAL * ROUNDS || broken !== 0) failed = true;
    } finally {
      await database.drop();
    }
  }
  console.log(`\ncluster on PostgreSQL: 1 API server (WORKERS=0) + workers as separate processes, bursts of ${CANDIDATES} candidates x ${PER_CANDIDATE} submissions (todo-crud)`);
  for (const r of rows) console.log(r);
  console.log(`  total ${f((performance.now() - started) / 1000)} s`);
  if (failed) throw new Error('cluster bench: submissions or events were lost');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await benchCluster();
