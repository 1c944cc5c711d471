// Live results benchmark, on the embedded default (PGlite, the runner pool, one process):
// 1. latency from the POST of a submission to its first test:finished at a socket.io client (sequential);
// 2. 200 candidates at once, each with its own invitation, session and socket.io-client connection on loopback,
//    each submitting once: every submission judged, every client gets its submission:finished, none lost; and the
//    database statements the server made per submission (target: the burst at >= 60 submissions/s), and the
//    runner alone judging the same submissions on as many processes, in the same run: the burst's ceiling.
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io as ioClient, type Socket } from 'socket.io-client';
import { contentHash, parseChallenge, readChallengeFiles, type Challenge } from '../runner/challenge';
import { invitationCreator } from '../server/commands/invitationCreator';
import { assessmentCreator } from '../server/commands/assessmentCreator';
import { userCreator } from '../server/commands/userCreator';
import { loadConfig } from '../server/config';
import { openDatabase } from '../server/db';
import { createLogger } from '../server/logger';
import { startPlatform, type Platform } from '../server/platform';
import { Client } from '../test/helpers/client';
import { createRunner } from '../runner/index';
import { allCoresRate, cpuAccounting, cpuSince } from './processCpu';
import { solutionBurst } from './solutionBurst';
import { pct } from './stats';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const LATENCY_SAMPLES = 30;
const CONCURRENT = 200;

type LiveEvent = { type: string; submissionId: number; seq: number };

const f = (x: number) => x.toFixed(1);

/** The runner alone on `processes` processes, warmed up as the platform's runner was. */
async function runnerAlone(challenge: Challenge, processes: number): Promise<number> {
  const runner = createRunner({ processes });
  try {
    await solutionBurst(runner, challenge, CONCURRENT);
    return await solutionBurst(runner, challenge, CONCURRENT);
  } finally {
    await runner.close();
  }
}

async function publishedChallenge(platform: Platform, folder: string): Promise<{ id: number; challenge: Challenge }> {
  const files = await readChallengeFiles(path.join(HERE, '..', 'challenges', folder));
  const challenge = parseChallenge(files);
  const knex = platform.db.knex;
  const [row] = await knex('challenges')
    .insert({ slug: `${challenge.meta.slug}-bench-${Date.now()}`, title: challenge.meta.title, kind: challenge.meta.kind, difficulty: challenge.meta.difficulty, status: 'published' })
    .returning(['id']);
  const [version] = await knex('challenge_versions')
    .insert({ challenge_id: row.id, version: 1, content_hash: contentHash(files), files: JSON.stringify(files), spec: JSON.stringify(challenge.meta), valid: true, validated_at: new Date(), published_at: new Date() })
    .returning(['id']);
  await knex('challenges').where({ id: row.id }).update({ current_version_id: version.id });
  return { id: row.id, challenge };
}

interface Candidate {
  client: Client;
  socket: Socket;
  events: Map<number, LiveEvent[]>;
  waiters: Array<() => void>;
}

async function candidate(platform: Platform, token: string): Promise<Candidate> {
  const client = new Client(platform.url);
  const accepted = await client.post('/api/invitations/accept', { token });
  if (accepted.status !== 200) throw new Error(`accept: ${accepted.status} ${accepted.text}`);
  const started = await client.post('/api/candidate/start');
  if (started.status !== 200) throw new Error(`start: ${started.status} ${started.text}`);
  const socket = ioClient(platform.url, { transports: ['websocket'], extraHeaders: { cookie: client.cookieHeader() }, reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const c: Candidate = { client, socket, events: new Map(), waiters: [] };
  for (const name of ['submission:queued', 'test:started', 'test:finished', 'submission:finished'])
    socket.on(name, (e: LiveEvent) => {
      if (!c.events.has(e.submissionId)) c.events.set(e.submissionId, []);
      c.events.get(e.submissionId)!.push(e);
      c.waiters.splice(0).forEach((w) => w());
    });
  return c;
}

function waitFor(c: Candidate, predicate: () => boolean, timeoutMs = 120_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for a live event')), timeoutMs);
    const check = () => {
      if (predicate()) {
        clearTimeout(timer);
        resolve();
      } else c.waiters.push(check);
    };
    check();
  });
}

/** POST a submission, join its room; resolves with the times of the first test:finished and of submission:finished. */
async function submitAndFollow(c: Candidate, challengeId: number, code: string) {
  const t0 = performance.now();
  const res = await c.client.post(`/api/candidate/challenges/${challengeId}/submissions`, { code, language: 'typescript' });
  if (res.status !== 202) throw new Error(`submit: ${res.status} ${res.text}`);
  const id = res.body.submission.id as number;
  let firstTest = 0;
  const join = c.socket.timeout(30_000).emitWithAck('join', { submissionId: id, lastSeq: 0 });
  await waitFor(c, () => {
    const evs = c.events.get(id) ?? [];
    if (!firstTest && evs.some((e) => e.type === 'test:finished')) firstTest = performance.now() - t0;
    return evs.some((e) => e.type === 'submission:finished');
  });
  const ack = await join;
  if (!ack.ok) throw new Error(`join: ${JSON.stringify(ack)}`);
  const seqs = c.events.get(id)!.map((e) => e.seq);
  const contiguous = seqs.every((s, i) => s === i + 1);
  return { id, firstTestMs: firstTest, finishedMs: performance.now() - t0, contiguous, events: seqs.length };
}

export async function benchLive(): Promise<void> {
  const started = performance.now();
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
  const candidates: Candidate[] = [];
  try {
    const knex = platform.db.knex;
    const todo = await publishedChallenge(platform, 'todo-crud');
    const code = todo.challenge.solution.code;
    const recruiter = await userCreator(knex, { email: `bench-recruiter-${Date.now()}@example.test`, name: 'Bench', role: 'recruiter' });
    const assessmentId = await assessmentCreator(knex, recruiter.id, { title: 'Live bench', description: '', timeLimitMinutes: 120, challengeIds: [todo.id] });
    const tokens: string[] = [];
    for (let i = 0; i < LATENCY_SAMPLES + CONCURRENT; i++)
      tokens.push((await invitationCreator(knex, { assessmentId, email: `bench-${i}-${Date.now()}@example.test`, expiresInDays: 1 })).token);

    // Sign in every candidate (accept + start + socket), a few at a time.
    const setupStart = performance.now();
    for (let i = 0; i < tokens.length; i += 20) candidates.push(...(await Promise.all(tokens.slice(i, i + 20).map((t) => candidate(platform, t)))));
    const setupMs = performance.now() - setupStart;

    // Warm-up: the runner's first judgment of a challenge pays for compilation caches and process start, and its
    // processes' code is optimized over the first hundreds (the runner alone below is warmed the same way).
    await solutionBurst(platform.runner, todo.challenge, CONCURRENT);
    for (let i = 0; i < 3; i++) await submitAndFollow(candidates[i], todo.id, code);

    const latency: number[] = [];
    for (let i = 3; i < LATENCY_SAMPLES; i++) latency.push((await submitAndFollow(candidates[i], todo.id, code)).firstTestMs);

    const crowd = candidates.slice(LATENCY_SAMPLES);
    // Statements the server makes per submission (POST and judging): on one PGlite connection they are what bounds the burst.
    let statements = 0;
    const countStatement = () => statements++;
    knex.on('query', countStatement);
    const burstCpu = cpuSince({ platform: process.pid });
    const burstStart = performance.now();
    const results = await Promise.all(crowd.map((c) => submitAndFollow(c, todo.id, code)));
    const burstMs = performance.now() - burstStart;
    const burstRate = (CONCURRENT / burstMs) * 1000;
    await platform.queue.idle();
    const burstCpuMs = burstCpu();
    knex.off('query', countStatement);
    const alone = await runnerAlone(todo.challenge, config.runnerProcesses);

    const ids = results.map((r) => r.id);
    const rows = await knex('submissions').whereIn('id', ids).select('status', 'verdict');
    const judged = rows.filter((r: { status: string }) => r.status === 'finished').length;
    const accepted = rows.filter((r: { verdict: string }) => r.verdict === 'accepted').length;
    const received = results.filter((r) => r.finishedMs > 0).length;
    const broken = results.filter((r) => !r.contiguous).length;
    const finished = results.map((r) => r.finishedMs);
    const tests = todo.challenge.api!.tests.length;

    console.log('\nlive results (embedded PGlite, runner pool of %d processes, clients on loopback in the same process)', config.runnerProcesses);
    console.log(`  setup: ${tokens.length} candidates signed in (accept + start + socket) in ${f(setupMs)} ms`);
    console.log(`  POST -> first test:finished at the client, sequential, n=${latency.length}: median ${f(pct(latency, 50))} ms, p90 ${f(pct(latency, 90))} ms, max ${f(Math.max(...latency))} ms (target median < 50 ms)`);
    console.log(`  ${CONCURRENT} concurrent candidates x 1 submission (${tests} tests each): ${f(burstMs)} ms, ${f(burstRate)} submissions/s, ${f(((CONCURRENT * tests) / burstMs) * 1000)} tests/s`);
    console.log(`    database statements per submission (POST + judging + socket joins): ${f(statements / CONCURRENT)}`);
    console.log(`    POST -> submission:finished at the client: p50 ${f(pct(finished, 50))} ms, p99 ${f(pct(finished, 99))} ms`);
    console.log(`    the runner alone, same ${config.runnerProcesses} processes, ${CONCURRENT} of the same submissions at once: ${f(alone)} submissions/s -> the burst is ${((burstRate / alone) * 100).toFixed(0)}% of it`);
    if (cpuAccounting) {
      const runnerMs = (burstCpuMs.get('platform children') ?? 0) / CONCURRENT;
      const restMs = (burstCpuMs.get('platform') ?? 0) / CONCURRENT;
      console.log(`    CPU per submission: runner processes ${f(runnerMs)} ms, server + PGlite + clients (one process) ${f(restMs)} ms; with all ${os.availableParallelism()} cores busy: ${f(allCoresRate(runnerMs + restMs))} submissions/s`);
    }
    console.log(`    judged ${judged}/${CONCURRENT} (accepted ${accepted}), submission:finished received ${received}/${CONCURRENT}, event streams with a gap or duplicate: ${broken}`);
    console.log(`  total ${f((performance.now() - started) / 1000)} s`);
    if (judged !== CONCURRENT || received !== CONCURRENT || broken !== 0) throw new Error('live bench: submissions or events were lost');
  } finally {
    candidates.forEach((c) => c.socket.close());
    await platform.close();
    await db.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await benchLive();
