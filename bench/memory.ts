// Start-up and memory of the platform as a laptop user runs it: `npm start`'s command as a real process on an
// empty temporary DATA_DIR (the embedded PGlite, the bundled challenges, the runner pool), measured from outside.
//   startup - from spawn to /healthz answering, and to "demo assessment ready" (target ≤ 40 s);
//   memory  - the summed RSS of the whole process tree (server, runner children, their children) read from /proc:
//             the peak sampled while the library validates (target ≤ 2.5 GB), then the steady state after 50 SQL
//             submissions over 5 SQL challenges were judged through the real API (target ≤ 1.5 GB).
// `npm run bench -- startup` stops after the start-up figures; `npm run bench -- memory` does both.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Client } from '../test/helpers/client';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGET = { startupS: 40, steadyMb: 1536, peakMb: 2560 };
const CANDIDATES = 5;
const SQL_CHALLENGES = 5;
const PER_CANDIDATE = 10; // 5 candidates x 10 = 50 (the submit limit is 10/min per candidate)
const LIBRARY_TIMEOUT_MS = 30 * 60_000;

const mb = (kb: number) => Math.round(kb / 1024);
const s = (ms: number) => (ms / 1000).toFixed(1);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** VmRSS (kB) of `root` and every descendant, from /proc, with what each process runs. */
export function treeRss(root: number): Array<{ pid: number; kb: number; what: string }> {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name (field 2) may hold spaces and parentheses: the fields after it start after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid)!.push(Number(name));
    } catch {
      // The process ended while the table was read.
    }
  }
  const out: Array<{ pid: number; kb: number; what: string }> = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const script = argv.find((a) => /\.(ts|js|mjs)$/.test(a));
      if (rss) out.push({ pid, kb: Number(rss[1]), what: script ? path.basename(script) : path.basename(argv[0]) });
    } catch {
      continue;
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** The summed VmRSS (kB) of `root` and every descendant. */
export function treeRssKb(root: number): number {
  return treeRss(root).reduce((n, p) => n + p.kb, 0);
}

/** "server.ts 420 MB, poolWorker.ts 2×610 MB": where a tree's memory is, by what each process runs. */
function breakdown(root: number): string {
  const by = new Map<string, number[]>();
  for (const p of treeRss(root)) by.set(p.what, [...(by.get(p.what) ?? []), p.kb]);
  return [...by].map(([what, kbs]) => `${what} ${kbs.length > 1 ? `${kbs.length}×` : ''}${kbs.map(mb).join('+')} MB`).join(', ');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

interface Started {
  child: ChildProcess;
  url: string;
  spawnedAt: number;
  accounts: Map<string, { email: string; password: string }>;
  /** Resolves with the ms from spawn to the first log line with this message. */
  logged(msg: string): Promise<{ ms: number; line: Record<string, unknown> }>;
  exited: Promise<void>;
}

/** `npm start`'s command on an empty data dir, its stdout a pipe (so JSON logs) read line by line. */
async function startPlatformProcess(dataDir: string): Promise<Started> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'development', LOG_LEVEL: 'info' };
  for (const k of ['DATABASE_URL', 'PUBLIC_URL', 'CHALLENGES_DIR', 'SESSION_SECRET']) delete env[k];
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, ['--no-node-snapshot', '--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const seen = new Map<string, { ms: number; line: Record<string, unknown> }>();
  const waiters: Array<() => void> = [];
  const accounts = new Map<string, { email: string; password: string }>();
  const stderr: string[] = [];
  child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
  createInterface({ input: child.stdout! }).on('line', (text) => {
    const account = /^\s{4}(admin|recruiter|author|candidate)\s+(\S+@\S+)\s+(\S+)\s*$/.exec(text);
    if (account) accounts.set(account[1], { email: account[2], password: account[3] });
    if (!text.startsWith('{')) return;
    try {
      const line = JSON.parse(text) as Record<string, unknown>;
      const msg = String(line.msg);
      if (!seen.has(msg)) seen.set(msg, { ms: performance.now() - spawnedAt, line });
      if (Number(line.level) >= 50) console.log(`  (platform error: ${msg})`);
      waiters.splice(0).forEach((w) => w());
    } catch {
      // Not a log line.
    }
  });
  const logged = (msg: string) =>
    new Promise<{ ms: number; line: Record<string, unknown> }>((resolve, reject) => {
      const check = () => {
        const hit = seen.get(msg);
        if (hit) return resolve(hit);
        if (child.exitCode !== null) return reject(new Error(`the platform exited before "${msg}": ${stderr.join('').slice(-2000)}`));
        waiters.push(check);
      };
      void exited.then(() => waiters.splice(0).forEach((w) => w()));
      check();
    });
  return { child, url: `http://127.0.0.1:${port}`, spawnedAt, accounts, logged, exited };
}

/** Sample the tree's RSS every `everyMs` until stopped; the samples in kB. */
function sampler(pid: number, everyMs = 250): { samples: number[]; peakBreakdown: string; stop(): void } {
  const samples: number[] = [];
  const state = { samples, peakBreakdown: '', stop: () => clearInterval(timer) };
  const sample = () => {
    const kb = treeRssKb(pid);
    if (kb > Math.max(0, ...samples)) state.peakBreakdown = breakdown(pid);
    samples.push(kb);
  };
  const timer = setInterval(sample, everyMs);
  sample();
  return state;
}

async function untilHealthy(url: string, spawnedAt: number, child: ChildProcess): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error('the platform exited before /healthz answered');
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return performance.now() - spawnedAt;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
}

/**
 * One API call that must answer `status`. A connection reset before any answer (undici reusing a keep-alive socket the
 * server has just closed, likelier on a loaded machine) is retried: the server never saw that request.
 */
async function must<T = any>(call: () => Promise<{ status: number; body: T; text: string }>, status: number, what: string): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await call();
      if (r.status !== status) throw new Error(`${what}: ${r.status} ${r.text.slice(0, 300)}`);
      return r.body;
    } catch (err) {
      const code = (err as { cause?: { code?: string } }).cause?.code;
      if (attempt >= 3 || (code !== 'ECONNRESET' && code !== 'UND_ERR_SOCKET')) throw err;
    }
  }
}

/** 50 SQL submissions (a reference and a wrong solution per candidate and challenge) through the API, all judged. */
async function judgeSqlSubmissions(started: Started): Promise<{ wallMs: number; correct: number; total: number; challenges: number }> {
  const recruiterAccount = started.accounts.get('recruiter');
  if (!recruiterAccount) throw new Error('no demo recruiter account was printed');
  const recruiter = new Client(started.url);
  await must(() => recruiter.post('/api/auth/login', recruiterAccount), 200, 'recruiter login');
  const { challenges } = await must<{ challenges: Array<{ id: number; slug: string }> }>(() => recruiter.get('/api/challenges?kind=sql'), 200, 'list SQL challenges');
  const chosen = [...challenges].sort((a, b) => a.slug.localeCompare(b.slug)).slice(0, SQL_CHALLENGES);
  if (chosen.length === 0) throw new Error('no SQL challenge is published');
  const { assessment } = await must(
    () => recruiter.post('/api/assessments', { title: 'Memory bench', timeLimitMinutes: 120, challengeIds: chosen.map((c) => c.id) }),
    201,
    'create the assessment',
  );
  const code = (slug: string, wrong: boolean) => {
    const dir = path.join(ROOT, 'challenges', slug);
    if (!wrong) return readFileSync(path.join(dir, 'solution.sql'), 'utf8');
    const file = readdirSync(path.join(dir, 'wrong')).filter((f) => f.endsWith('.sql')).sort()[0];
    return readFileSync(path.join(dir, 'wrong', file), 'utf8');
  };

  const started_ = performance.now();
  const submitted: Array<{ client: Client; id: number; wrong: boolean; slug: string }> = [];
  await Promise.all(
    Array.from({ length: CANDIDATES }, async (_, i) => {
      const { link } = await must(() => recruiter.post(`/api/assessments/${assessment.id}/invitations`, { email: `bench-${i}@assay.local` }), 201, 'invite');
      const candidate = new Client(started.url);
      await must(() => candidate.post('/api/invitations/accept', { token: String(link).split('/invite/')[1] }), 200, 'accept');
      await must(() => candidate.post('/api/candidate/start'), 200, 'start');
      // Each candidate: a reference and a wrong solution per challenge, cycling over the chosen challenges.
      for (let k = 0; k < PER_CANDIDATE; k++) {
        const c = chosen[Math.floor(k / 2) % chosen.length];
        const wrong = k % 2 === 1;
        const body = await must(() => candidate.post(`/api/candidate/challenges/${c.id}/submissions`, { code: code(c.slug, wrong), language: 'sql' }), 202, 'submit');
        submitted.push({ client: candidate, id: body.submission.id, wrong, slug: c.slug });
      }
    }),
  );
  let correct = 0;
  for (const sub of submitted) {
    for (;;) {
      const { submission } = await must(() => sub.client.get(`/api/submissions/${sub.id}`), 200, 'poll a submission');
      if (submission.status === 'finished') {
        if ((submission.verdict === 'accepted') !== sub.wrong) correct++;
        else console.log(`  (unexpected: ${sub.slug} ${sub.wrong ? 'wrong solution' : 'reference'} got ${submission.verdict}: ${JSON.stringify(submission).slice(0, 600)})`);
        break;
      }
      if (performance.now() - started_ > 10 * 60_000) throw new Error('submissions not judged within 10 minutes');
      await sleep(200);
    }
  }
  return { wallMs: performance.now() - started_, correct, total: submitted.length, challenges: chosen.length };
}

async function stopPlatform(started: Started): Promise<void> {
  started.child.kill('SIGTERM');
  const killed = setTimeout(() => started.child.kill('SIGKILL'), 30_000);
  await started.exited;
  clearTimeout(killed);
}

export async function benchMemory(options: { judge?: boolean } = {}): Promise<void> {
  const judge = options.judge ?? true;
  console.log(`\nStart-up${judge ? ' and memory' : ''}: the platform as \`npm start\` runs it, first start on an empty data dir`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'assay-bench-memory-'));
  const started = await startPlatformProcess(dataDir);
  const rss = sampler(started.child.pid!);
  try {
    const [healthz, listening, demo] = await Promise.all([
      untilHealthy(started.url, started.spawnedAt, started.child),
      started.logged('assay is listening'),
      started.logged('demo assessment ready'),
    ]);
    const demoChallenges = (demo.line.challenges as string[] | undefined)?.join(', ') ?? '?';
    const migrated = await started.logged('migrations applied');
    console.log(
      `  startup: migrations applied ${s(migrated.ms)} s, /healthz after ${s(healthz)} s (listening ${s(listening.ms)} s), ` +
        `demo assessment ready after ${s(demo.ms)} s ` +
        `(${demoChallenges}) — target ≤ ${TARGET.startupS} s`,
    );
    if (!judge) return;

    // A loaded machine validates slowly: give up 30 minutes after the spawn (the timer must not outlive a success).
    let timer: NodeJS.Timeout | undefined;
    const library = await Promise.race([
      started.logged('challenge library validated'),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('the library did not validate within 30 minutes of the start')), LIBRARY_TIMEOUT_MS - (performance.now() - started.spawnedAt));
      }),
    ]).finally(() => clearTimeout(timer));
    rss.stop();
    const peak = Math.max(...rss.samples);
    const lib = library.line as { validated?: number; failed?: string[] };
    console.log(
      `  library: ${lib.validated} challenges validated after ${s(library.ms)} s${lib.failed?.length ? ` (failed: ${lib.failed.join(', ')})` : ''}; ` +
        `RSS of the process tree: peak ${mb(peak)} MB, now ${mb(rss.samples.at(-1)!)} MB; load average ${os.loadavg()[0].toFixed(1)}`,
    );

    const judged = await judgeSqlSubmissions(started);
    console.log(`  judged ${judged.total} SQL submissions over ${judged.challenges} challenges in ${s(judged.wallMs)} s (${judged.correct}/${judged.total} verdicts as expected)`);
    // Steady state: what the idle platform holds a few seconds after the work, sampled for ten seconds.
    await sleep(5000);
    const steady = sampler(started.child.pid!, 500);
    await sleep(10_000);
    steady.stop();
    console.log(
      `  memory: steady RSS of the whole tree ${mb(median(steady.samples))} MB (target ≤ ${TARGET.steadyMb} MB), ` +
        `peak during validation ${mb(peak)} MB (target ≤ ${TARGET.peakMb} MB); ${os.availableParallelism()} cores`,
    );
    console.log(`  where: at the peak ${rss.peakBreakdown}; steady ${breakdown(started.child.pid!)}`);
  } finally {
    rss.stop();
    await stopPlatform(started);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// Run alone: node --no-node-snapshot --import tsx bench/memory.ts [startup]
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await benchMemory({ judge: process.argv[2] !== 'startup' });
}
