// SQL benchmark: one submission over 3 hidden datasets of second-highest-salary, judged
//   warm  - in this process, instances already open (median of many),
//   cold  - the first submission to the challenge in a fresh runner process (a child process),
//   naive - a fresh PGlite per dataset per submission: create (initdb), load schema + data, run, close.
// Prints medians and the naive/warm ratio, and what the safety layers cost per run: PostgreSQL's parser
// (runner/sqlGuard.ts, once per submission) and the after-run checks (xid statuses, fingerprint, FS watch; once
// per dataset run). Then validation of upsert-inventory (6 datasets, 3 wrong solutions) as the server does it: in the
// pool's validation child (cold, started ahead, reused), against the runs spread over the pool (the baseline, once).
// Targets: warm < 20 ms, cold < 1 s, validation <= 5 s.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { parseChallenge, readChallengeFiles, type Challenge } from '../runner/challenge';
import { createRunner } from '../runner/index';
import { judgeToResult } from '../runner/judge';
import { acquireInstance, closePgliteHost, prewarmPglite, prewarmSpares } from '../runner/pglite/host';
import { generateInserts } from '../runner/sqlGenerate';
import { checkQuerySql, loadSqlParser } from '../runner/sqlGuard';
import type { Runner } from '../runner/types';
import { validateChallengeDir } from '../runner/validate';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const WARM_RUNS = 20;
const COLD_RUNS = 3;
const NAIVE_RUNS = 2;
const VALIDATE_RUNS = 3;

/**
 * upsert-inventory through a fresh pool, as the server validates it: in the pool's validation child. Three figures:
 * the first validation in a child that starts with it (process start and every instance load included), the first
 * one in a child started ahead, as the platform starts it with the runner (its start overlaps initdb and the
 * migrations, ~10 s), and the median of the next ones in a child that has validated before (a library sync sends its
 * SQL challenges back to back). The runs spread over the pool processes are the baseline, once.
 */
async function benchValidation(): Promise<void> {
  const dir = path.join(ROOT, 'challenges/upsert-inventory');
  const once = async (r: Runner) => {
    const started = performance.now();
    const report = await validateChallengeDir(dir, r);
    if (!report.ok) throw new Error(`upsert-inventory did not validate: ${report.errors.join('; ')}`);
    return performance.now() - started;
  };
  const cold = createRunner();
  let coldMs: number;
  try {
    coldMs = await once(cold);
  } finally {
    await cold.close();
  }
  const runner = createRunner();
  try {
    runner.prewarmValidation?.();
    await new Promise((r) => setTimeout(r, 10_000));
    const prewarmed = await once(runner);
    const again: number[] = [];
    for (let i = 0; i < VALIDATE_RUNS; i++) again.push(await once(runner));
    const spread = await once({ judge: runner.judge.bind(runner), computeSqlExpected: (c) => runner.computeSqlExpected!(c), close: async () => undefined });
    console.log(
      `  validation of upsert-inventory (6 datasets, reference + 3 wrong + starter) in the validation child: ` +
        `first in a child started with it ${fmt(coldMs)}; first in a child started ahead (as at platform start) ${fmt(prewarmed)}; ` +
        `next ones median ${fmt(median(again))} (runs ${again.map(fmt).join(', ')}); spread over the pool (before): ${fmt(spread)}; target <= 5 s`,
    );
  } finally {
    await runner.close();
  }
}

/** second-highest-salary with its datasets cut to three hidden ones (one of them generated). */
async function benchChallenge(): Promise<Challenge> {
  const files = await readChallengeFiles(path.join(ROOT, 'challenges/second-highest-salary'));
  const yaml = files['challenge.yaml'];
  const start = yaml.indexOf('  datasets:');
  files['challenge.yaml'] = `${yaml.slice(0, start)}  datasets:
    - { name: tied-top-salary, visibility: hidden, file: datasets/ties.sql }
    - { name: unknown-salaries, visibility: hidden, file: datasets/nulls.sql }
${yaml.slice(yaml.indexOf('    - name: large-company')).replace('visibility: hidden\n      weight: 1', 'visibility: hidden')}`;
  return parseChallenge(files);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

async function judgeOnce(challenge: Challenge): Promise<number> {
  const started = performance.now();
  const { finished } = await judgeToResult(challenge, { code: challenge.solution.code, language: 'sql' });
  if (finished.verdict !== 'accepted' || finished.passed !== 3) throw new Error(`bench submission not accepted: ${JSON.stringify(finished)}`);
  return performance.now() - started;
}

/**
 * In a fresh process started as a runner process starts (base tarball from the disk cache, spare instances
 * loaded): the time of the first judgement of a challenge this process has never seen.
 */
async function coldChild(): Promise<void> {
  const processStart = performance.timeOrigin;
  await prewarmSpares();
  const challenge = await benchChallenge();
  const ms = await judgeOnce(challenge);
  process.stdout.write(`${JSON.stringify({ judgeMs: ms, sinceProcessStartMs: Date.now() - processStart })}\n`);
  await closePgliteHost();
}

function runColdChild(): Promise<{ judgeMs: number; sinceProcessStartMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-node-snapshot', '--import', 'tsx', fileURLToPath(import.meta.url), '--cold-child'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`cold child exited with ${code}: ${out}`));
      else resolve(JSON.parse(line));
    });
  });
}

async function naiveOnce(challenge: Challenge): Promise<number> {
  const started = performance.now();
  const sql = challenge.sql!;
  for (const ds of sql.datasets) {
    const pg = new PGlite();
    try {
      await pg.exec(sql.schema);
      await pg.exec(ds.sql ?? generateInserts(ds.generate!));
      const candidate = await pg.query(challenge.solution.code, [], { rowMode: 'array' });
      const reference = await pg.query(challenge.solution.code, [], { rowMode: 'array' });
      if (JSON.stringify(candidate.rows) !== JSON.stringify(reference.rows)) throw new Error('naive: results differ');
    } finally {
      await pg.close();
    }
  }
  return performance.now() - started;
}

/** Median time of the parser's check of the bench submission (after its one-off module load). */
async function parserCost(challenge: Challenge): Promise<{ loadMs: number; checkMs: number }> {
  const started = performance.now();
  await loadSqlParser();
  const loadMs = performance.now() - started;
  const xs: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    const r = await checkQuerySql(challenge.solution.code);
    xs.push(performance.now() - t);
    if (!r.ok) throw new Error(`bench submission refused: ${r.problem.message}`);
  }
  return { loadMs, checkMs: median(xs) };
}

/** Median of the worker's own measure of its after-run checks, on the first dataset's warm instance. */
async function fingerprintCost(challenge: Challenge): Promise<number> {
  const sql = challenge.sql!;
  const ds = sql.datasets[0];
  const lease = await acquireInstance(`sql:${challenge.hash}:${ds.name}`, [sql.schema, ds.sql ?? generateInserts(ds.generate!)]);
  const xs: number[] = [];
  try {
    for (let i = 0; i < 20; i++) {
      const out = await lease.call({ op: 'runSql', mode: 'query', statements: [{ text: challenge.solution.code, offset: 0 }], verify: [], maxRows: 100, maxBytes: 100_000 });
      if (out.kind !== 'ok' || !out.result.clean) throw new Error(`fingerprint bench run failed: ${JSON.stringify(out)}`);
      xs.push(out.result.checkMs ?? 0);
    }
  } finally {
    await lease.release();
  }
  return median(xs);
}

export async function benchSql(): Promise<void> {
  const total = performance.now();
  const challenge = await benchChallenge();
  console.log('\nSQL benchmark: 1 submission x 3 hidden datasets (second-highest-salary)');

  const baseStarted = performance.now();
  await prewarmPglite();
  console.log(`  base snapshot (disk cache or initdb once per machine): ${fmt(performance.now() - baseStarted)}`);

  const cold: number[] = [];
  const coldProcess: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const r = await runColdChild();
    cold.push(r.judgeMs);
    coldProcess.push(r.sinceProcessStartMs);
  }
  console.log(`  cold, first submission to the challenge in a fresh runner process: median ${fmt(median(cold))} (runs ${cold.map(fmt).join(', ')}; ${fmt(median(coldProcess))} from process start, spares included)`);

  const first = await judgeOnce(challenge);
  const warm: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) warm.push(await judgeOnce(challenge));
  console.log(`  warm, pooled instances: median ${fmt(median(warm))} over ${WARM_RUNS} (first in this process ${fmt(first)})`);
  const parser = await parserCost(challenge);
  const checks = await fingerprintCost(challenge);
  console.log(
    `  safety per run: parser ${parser.checkMs.toFixed(2)} ms per submission (module load ${fmt(parser.loadMs)} once per process); ` +
      `after-run checks (xids, fingerprint, FS) ${checks.toFixed(2)} ms per dataset, ${(checks * 3).toFixed(1)} ms per 3-dataset submission`,
  );
  await closePgliteHost();

  const naive: number[] = [];
  for (let i = 0; i < NAIVE_RUNS; i++) naive.push(await naiveOnce(challenge));
  console.log(`  naive, a fresh PGlite per dataset per submission: median ${fmt(median(naive))} over ${NAIVE_RUNS}`);
  console.log(`  naive / warm: ${(median(naive) / median(warm)).toFixed(0)}x; targets warm < 20 ms, cold < 1 s`);
  await benchValidation();
  console.log(`  (benchmark wall time ${fmt(performance.now() - total)})`);
}

if (process.argv.includes('--cold-child')) {
  await coldChild();
} else if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await benchSql();
}
