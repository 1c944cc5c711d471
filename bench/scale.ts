// Scale benchmark (issue 19), on the embedded default (PGlite, one process): one assessment of 250, 1,000 and
// 2,000 candidates seeded straight into the database, every one of them submitting the todo-crud reference (so
// every pair is similar: the worst case for similarity), then timed over HTTP as a recruiter reads them:
// the leaderboard's first page (ms, bytes), the CSV (s, the server's RSS growth) and the similarity report (ms),
// with the growth factor between sizes; then the onboarding burst: 1,000 candidates accepting their invitation,
// starting and connecting Socket.IO at once.
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fork } from 'node:child_process';
import { contentHash, parseChallenge, readChallengeFiles, type Challenge } from '../runner/challenge';
import { userCreator } from '../server/commands/userCreator';
import { loadConfig } from '../server/config';
import { openDatabase } from '../server/db';
import { createLogger } from '../server/logger';
import { startPlatform, type Platform } from '../server/platform';
import { ensureIndexed, recordCounted } from '../server/similarity/recorder';
import { Client } from '../test/helpers/client';
import type { Opened } from './scaleOpeners';
import { seedAssessment } from './scaleSeed';
import { pct } from './stats';

const HERE = path.dirname(fileURLToPath(import.meta.url));
// SCALE_SIZES="" runs only the onboarding burst.
const SIZES = (process.env.SCALE_SIZES ?? '250,1000,2000').split(',').filter(Boolean).map(Number);
const SAMPLES = 5;
// SCALE_OPENERS: a smaller burst, for profiling; 0 leaves the burst out.
const OPENERS = Number(process.env.SCALE_OPENERS ?? 1000);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f = (x: number, digits = 1) => x.toFixed(digits);

async function publishedChallenge(platform: Platform, folder: string): Promise<{ id: number; versionId: number; challenge: Challenge }> {
  const files = await readChallengeFiles(path.join(HERE, '..', 'challenges', folder));
  const challenge = parseChallenge(files);
  const knex = platform.db.knex;
  const [row] = await knex('challenges')
    .insert({ slug: `${challenge.meta.slug}-scale-${Date.now()}`, title: challenge.meta.title, kind: challenge.meta.kind, difficulty: challenge.meta.difficulty, status: 'published' })
    .returning(['id']);
  const [version] = await knex('challenge_versions')
    .insert({ challenge_id: row.id, version: 1, content_hash: contentHash(files), files: JSON.stringify(files), spec: JSON.stringify(challenge.meta), valid: true, validated_at: new Date(), published_at: new Date() })
    .returning(['id']);
  await knex('challenges').where({ id: row.id }).update({ current_version_id: version.id });
  return { id: row.id, versionId: version.id, challenge };
}

async function timed(fn: () => Promise<{ status: number; text: string }>): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const res = await fn();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`status ${res.status}: ${res.text.slice(0, 200)}`);
  return { ms, bytes: Buffer.byteLength(res.text) };
}

/** Peak RSS growth of this process (the server runs in it) while fn runs, sampled every 10 ms. */
async function rssGrowth<T>(fn: () => Promise<T>): Promise<{ value: T; mb: number }> {
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, mb: (peak - base) / 1048576 };
  } finally {
    clearInterval(timer);
  }
}

interface SizeResult {
  size: number;
  seedS: number;
  indexS: number;
  board: { ms: number; bytes: number };
  csv: { s: number; bytes: number; rssMb: number };
  similarity: { ms: number; bytes: number };
  recordMs: number;
}

async function measureSize(platform: Platform, admin: Client, todo: { id: number; versionId: number; challenge: Challenge }, size: number): Promise<SizeResult> {
  const knex = platform.db.knex;
  const code = todo.challenge.solution.code;
  let t0 = performance.now();
  const seeded = await seedAssessment(knex, { candidates: size, challenges: [todo], submission: (i) => ({ code, score: 60 + (i % 5) * 10 }) });
  const seedS = (performance.now() - t0) / 1000;
  t0 = performance.now();
  await ensureIndexed(knex, seeded.assessmentId);
  const indexS = (performance.now() - t0) / 1000;
  const id = seeded.assessmentId;

  const boards: Array<{ ms: number; bytes: number }> = [];
  for (let i = 0; i < SAMPLES; i++) boards.push(await timed(() => admin.get(`/api/assessments/${id}/leaderboard`)));
  const sims: Array<{ ms: number; bytes: number }> = [];
  for (let i = 0; i < SAMPLES; i++) sims.push(await timed(() => admin.get(`/api/assessments/${id}/similarity`)));
  const csv = await rssGrowth(() => timed(() => admin.get(`/api/assessments/${id}/results.csv`)));

  // One more scored submission in the full assessment: what the judge's hook costs.
  const [extra] = await knex('submissions')
    .insert({ invitation_id: seeded.invitationIds[0], challenge_id: todo.id, challenge_version_id: todo.versionId, mode: 'submit', language: 'typescript', code: `${code}\n// again\nexport const again = [1, 2, 3].map((x) => x * 2);\n`, status: 'finished', score: 100 })
    .returning(['id']);
  t0 = performance.now();
  await recordCounted(knex, seeded.invitationIds[0], todo.id);
  const recordMs = performance.now() - t0;
  void extra;

  return {
    size,
    seedS,
    indexS,
    board: { ms: median(boards.map((b) => b.ms)), bytes: boards[0].bytes },
    csv: { s: csv.value.ms / 1000, bytes: csv.value.bytes, rssMb: csv.mb },
    similarity: { ms: median(sims.map((s) => s.ms)), bytes: sims[0].bytes },
    recordMs,
  };
}

/** Every token opened at once by bench/scaleOpeners.ts in a child process; the sockets stay open until all are in. */
function openInChild(url: string, tokens: string[]): Promise<{ opened: Opened[]; totalMs: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(HERE, 'scaleOpeners.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('error', reject);
    child.once('message', (result) => {
      resolve(result as { opened: Opened[]; totalMs: number });
      child.disconnect();
    });
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the openers' process exited with ${code}`));
    });
    child.send({ url, tokens });
  });
}

async function onboardingBurst(platform: Platform, todo: { id: number; versionId: number }) {
  const knex = platform.db.knex;
  const seeded = await seedAssessment(knex, { candidates: OPENERS, challenges: [todo], submission: () => null, invitedOnly: true });
  // Statements per opener (pg_stat is not available on PGlite): knex's query event, plus the session store's
  // pg-style pool, which does not go through knex's query builder.
  let statements = 0;
  const count = () => statements++;
  knex.on('query', count);
  const pool = platform.db.pgPool;
  const query = pool.query;
  pool.query = (text: string, params?: unknown[]) => {
    statements++;
    return query.call(pool, text, params);
  };
  // The candidates run in a child process of their own, as they would on their own machines: in this process
  // their HTTP and WebSocket clients would take the event loop from the server they measure.
  const { opened, totalMs } = await openInChild(platform.url, seeded.tokens);
  knex.off('query', count);
  pool.query = query;
  const ok = opened.filter((o) => o.ok);
  const failures = new Map<string, number>();
  for (const o of opened.filter((x) => !x.ok)) failures.set(o.phase!, (failures.get(o.phase!) ?? 0) + 1);
  const startedRows = await knex('invitations').where({ assessment_id: seeded.assessmentId }).whereNotNull('started_at').count({ n: '*' }).first();
  return { totalMs, ok: ok.length, started: Number(startedRows?.n ?? 0), failures, statements, opened };
}

export async function benchScale(): Promise<void> {
  const begun = performance.now();
  const empty = path.join(os.tmpdir(), `assay-bench-no-challenges-${process.pid}`);
  mkdirSync(empty, { recursive: true });
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: path.join(os.tmpdir(), `assay-bench-${process.pid}`),
    SESSION_SECRET: 'bench-secret-bench-secret-bench',
    LOG_LEVEL: 'silent',
    CHALLENGES_DIR: empty,
  });
  const db = await openDatabase({ dataDir: 'memory://' });
  const platform = await startPlatform(config, createLogger('silent'), { db });
  try {
    const knex = platform.db.knex;
    const todo = await publishedChallenge(platform, 'todo-crud');
    const password = 'bench admin password';
    const email = `bench-admin-${Date.now()}@example.test`;
    await userCreator(knex, { email, name: 'Bench admin', role: 'admin', password });
    const admin = new Client(platform.url);
    const login = await admin.post('/api/auth/login', { email, password });
    if (login.status !== 200) throw new Error(`login: ${login.status}`);

    const results: SizeResult[] = [];
    for (const size of SIZES) results.push(await measureSize(platform, admin, todo, size));

    console.log('\nscale: one assessment, every candidate submitting the todo-crud reference (embedded PGlite, server in this process)');
    for (const r of results) {
      console.log(
        `  ${String(r.size).padStart(5)} candidates: leaderboard first page ${f(r.board.ms)} ms, ${f(r.board.bytes / 1024)} KB; ` +
          `CSV ${f(r.csv.s, 2)} s, ${f(r.csv.bytes / 1024)} KB, RSS +${f(r.csv.rssMb)} MB; similarity report ${f(r.similarity.ms)} ms, ${f(r.similarity.bytes / 1024)} KB; ` +
          `one more scored submission indexed in ${f(r.recordMs)} ms (seeded in ${f(r.seedS, 1)} s, first indexing ${f(r.indexS, 2)} s)`,
      );
    }
    for (let i = 1; i < results.length; i++) {
      const [a, b] = [results[i - 1], results[i]];
      console.log(
        `  growth ${a.size} -> ${b.size} (x${f(b.size / a.size)} candidates): leaderboard x${f(b.board.ms / a.board.ms, 2)}, CSV x${f(b.csv.s / a.csv.s, 2)}, similarity x${f(b.similarity.ms / a.similarity.ms, 2)}`,
      );
    }
    console.log('  targets at 2,000: leaderboard <= 300 ms and <= 200 KB, CSV <= 3 s with flat memory, similarity <= 500 ms, growth 1,000 -> 2,000 <= 2.5x');

    if (OPENERS > 0) {
      const burst = await onboardingBurst(platform, todo);
      const ok = burst.opened.filter((o) => o.ok);
      console.log(
        `  onboarding: ${OPENERS} candidates accept + start + connect at once: ${burst.ok}/${OPENERS} connected, ${burst.started} started, in ${f(burst.totalMs / 1000, 2)} s; ` +
          `${f(burst.statements / OPENERS, 1)} statements per candidate (session store included); load average ${os.loadavg().map((l) => f(l, 1)).join(' ')}; target: all, within 10 s`,
      );
      if (ok.length) {
        console.log(
          `    accept p50 ${f(pct(ok.map((o) => o.acceptMs), 50))} ms p99 ${f(pct(ok.map((o) => o.acceptMs), 99))} ms; start p50 ${f(pct(ok.map((o) => o.startMs), 50))} ms p99 ${f(pct(ok.map((o) => o.startMs), 99))} ms; ` +
            `connect p50 ${f(pct(ok.map((o) => o.connectMs), 50))} ms p99 ${f(pct(ok.map((o) => o.connectMs), 99))} ms`,
        );
      }
      if (burst.failures.size) console.log(`    failures: ${[...burst.failures].map(([k, n]) => `${k} x${n}`).join(', ')}`);
    }
    console.log(`  total ${f((performance.now() - begun) / 1000)} s`);
  } finally {
    await platform.close();
    await db.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await benchScale();
