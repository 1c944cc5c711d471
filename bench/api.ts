// API benchmark: one 20-test submission judged by assay (in-process, and through the pool) and by a
// naive baseline (fork a fresh node per submission, node:vm, run the 20 tests, exit), in the same run.
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { loadChallenge, type Challenge } from '../runner/challenge';
import { compareJson } from '../runner/compare';
import { createRunner } from '../runner/index';
import { collectEvents, judgeToResult } from '../runner/judge';
import { apiHarnessSource, DEFAULT_CLOCK_MS, harnessRequest } from '../runner/kinds/apiHarness';
import { Sandbox } from '../runner/sandbox';
import type { Submission } from '../runner/types';
import { expressFloorOnce, expressFloorScript } from './expressFloor';
import { LOOKALIKE_HARNESS_SOURCE } from './lookalikeHarness';

const HERE = path.dirname(fileURLToPath(import.meta.url));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const f = (x: number) => x.toFixed(2);

/** The baseline: spawn node, vm, 20 tests, compare on the host, exit. Returns the number of tests passed. */
async function baselineOnce(challenge: Challenge, submission: Submission): Promise<number> {
  const { code } = await transform(submission.code, { loader: 'ts', format: 'cjs', target: 'es2022' });
  const tests = challenge.api!.tests.map((t) => t.steps.map((s) => s.request));
  const child = spawn(process.execPath, [path.join(HERE, 'baselineVm.mjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
  child.stdin.end(JSON.stringify({ harness: apiHarnessSource(), module: code, tests }));
  await new Promise((resolve) => child.on('exit', resolve));
  const responses = JSON.parse(out) as string[][];
  let passed = 0;
  challenge.api!.tests.forEach((t, i) => {
    const ok = t.steps.every((s, j) => {
      const r = JSON.parse(responses[i][j]) as { status: number; body: string };
      const body = r.body === '' ? '' : JSON.parse(r.body);
      return (s.expect.status === undefined || s.expect.status === r.status) && (s.expect.body === undefined || compareJson(s.expect.body, body, s.expect.match).length === 0);
    });
    if (ok) passed++;
  });
  return passed;
}

interface Cpu {
  total: number;
  system: number;
}

/** CPU time of a process so far in ms, from /proc (user + system, and system); zero where there is none. */
function processCpu(pid: number | 'self'): Cpu {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const tick = 10; // ms per clock tick (USER_HZ = 100 on Linux)
    const user = Number(fields[11]) * tick;
    const system = Number(fields[12]) * tick;
    return { total: user + system, system };
  } catch {
    return { total: 0, system: 0 };
  }
}

/** CPU time the processes spent since `before`, summed. */
function cpuSince(pids: Array<number | 'self'>, before: Cpu[]): Cpu {
  return pids.map(processCpu).reduce((sum, after, i) => ({ total: sum.total + after.total - before[i].total, system: sum.system + after.system - before[i].system }), { total: 0, system: 0 });
}

/** Runs bench/isolateCeiling.mjs in `processes` processes side by side for `ms`; their summed rate. */
async function ceiling(mode: 'isolate' | 'compute', processes: number, ms: number): Promise<number> {
  const one = () =>
    new Promise<number>((resolve, reject) => {
      execFile(process.execPath, ['--no-node-snapshot', path.join(HERE, 'isolateCeiling.mjs'), mode, String(ms)], (err, stdout) => {
        if (err) reject(err);
        else resolve((JSON.parse(stdout) as { perSec: number }).perSec);
      });
    });
  const rates = await Promise.all(Array.from({ length: processes }, one));
  return rates.reduce((a, b) => a + b, 0);
}

/**
 * One submission straight through a Sandbox with `harness` (build, load, every test's requests, dispose), as
 * CPU ms of this process: [build, requests]. Compares the Express harness with the look-alike it replaced.
 */
async function harnessCost(challenge: Challenge, moduleCode: string, harness: string): Promise<[number, number]> {
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const c0 = cpu();
  const sandbox = Sandbox.createSync({ memoryMb: challenge.limits.memoryMb, outputBytes: challenge.limits.outputBytes, harness });
  const c1 = cpu();
  try {
    const loaded = await sandbox.loadModule('load', moduleCode, 'solution.ts');
    if (!loaded.ok) throw new Error(loaded.message);
    for (const [index, test] of challenge.api!.tests.entries()) {
      for (const [i, step] of test.steps.entries()) {
        const { method, path, headers, query, body } = step.request;
        const message = harnessRequest(i === 0, DEFAULT_CLOCK_MS, false, { method, path, headers: headers ?? {}, query: query ?? {}, body }, index + 1);
        const result = await sandbox.call('request', message, { timeoutMs: 2000, wallMs: 5000 });
        if (!result.ok) throw new Error(result.message);
      }
    }
  } finally {
    sandbox.dispose();
  }
  return [c1 - c0, cpu() - c1];
}

export async function benchApi(): Promise<void> {
  const challenge = await loadChallenge(path.join(HERE, 'fixtures/api-bench'));
  const submission: Submission = { code: await readFile(path.join(HERE, 'fixtures/api-bench/solution.ts'), 'utf8'), language: 'typescript' };
  const total = challenge.api!.tests.length;

  // Warm-up (JIT of the host side, esbuild's service), not measured.
  for (let i = 0; i < 5; i++) await judgeToResult(challenge, submission);

  // Light load: a pause between submissions lets the process build its spare sandbox, as between two
  // candidates' submissions; this is the latency a candidate sees when the runner is not saturated.
  const lightLoad: number[] = [];
  for (let i = 0; i < 40; i++) {
    await new Promise((resolve) => setTimeout(resolve, 40));
    const t = performance.now();
    const { finished } = await judgeToResult(challenge, submission);
    lightLoad.push(performance.now() - t);
    if (finished.passed !== total) throw new Error(`in-process judge: ${finished.passed}/${total} passed`);
  }

  // Back to back: every submission also pays for its sandbox (isolate, context, lockdown).
  const inProcess: number[] = [];
  for (let i = 0; i < 40; i++) {
    const t = performance.now();
    const { finished } = await judgeToResult(challenge, submission);
    inProcess.push(performance.now() - t);
    if (finished.passed !== total) throw new Error(`in-process judge: ${finished.passed}/${total} passed`);
  }

  // What every submission pays for its own isolate, whoever builds it: the floor under throughput.
  const build: number[] = [];
  const teardown: number[] = [];
  for (let i = 0; i < 40; i++) {
    let t = performance.now();
    const sandbox = Sandbox.createSync({ memoryMb: challenge.limits.memoryMb, outputBytes: challenge.limits.outputBytes, harness: apiHarnessSource() });
    build.push(performance.now() - t);
    t = performance.now();
    sandbox.dispose();
    teardown.push(performance.now() - t);
  }

  // The Express layer: the same submission through the Express harness and through the look-alike, alternated.
  const moduleCode = (await transform(submission.code, { loader: 'ts', format: 'cjs', target: 'es2022' })).code;
  const layer = { express: [[], []] as number[][], lookalike: [[], []] as number[][] };
  for (let i = 0; i < 25; i++) {
    for (const [name, harness] of [['express', apiHarnessSource()], ['lookalike', LOOKALIKE_HARNESS_SOURCE]] as const) {
      const [b, r] = await harnessCost(challenge, moduleCode, harness);
      layer[name][0].push(b);
      layer[name][1].push(r);
    }
  }

  // The floor: the same harness and submission in a fresh node:vm context per submission, no sandbox at all.
  const floorScript = expressFloorScript();
  for (let i = 0; i < 5; i++) await expressFloorOnce(challenge, moduleCode, floorScript);
  const floor: number[] = [];
  for (let i = 0; i < 25; i++) floor.push(await expressFloorOnce(challenge, moduleCode, floorScript));

  const baseline: number[] = [];
  for (let i = 0; i < 12; i++) {
    const t = performance.now();
    const passed = await baselineOnce(challenge, submission);
    baseline.push(performance.now() - t);
    if (passed !== total) throw new Error(`baseline: ${passed}/${total} passed`);
  }

  // API judging only: runner processes without spare SQL instances, whose one-time start-up load would fall
  // into the measurement (bench/sql.ts measures them).
  const runner = createRunner({ sqlSpares: 0 });
  const processes = (runner as { processes?: number }).processes ?? os.availableParallelism();
  try {
    // Let every child start and warm up.
    await Promise.all(Array.from({ length: 8 }, () => collectEvents(runner.judge(challenge, submission))));
    const viaPool: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t = performance.now();
      const { finished } = await collectEvents(runner.judge(challenge, submission));
      viaPool.push(performance.now() - t);
      if (finished.passed !== total) throw new Error(`pool judge: ${finished.passed}/${total} passed`);
    }
    const pids = (runner as { pids?: () => number[] }).pids?.() ?? [];
    const runnerBefore = pids.map(processCpu);
    const callerBefore = [processCpu('self')];
    const N = 400;
    const t = performance.now();
    const results = await Promise.all(Array.from({ length: N }, () => collectEvents(runner.judge(challenge, submission))));
    const seconds = (performance.now() - t) / 1000;
    const complete = results.filter((r) => r.finished.passed === total).length;
    const runnerCpu = cpuSince(pids, runnerBefore);
    const callerCpu = cpuSince(['self'], callerBefore);

    const m = median(inProcess);
    const b = median(baseline);
    const l = median(lightLoad);
    console.log(`api judge median, light load (spare sandbox ready): ${f(l)} ms (baseline fork+vm median: ${f(b)} ms, ratio ${(b / l).toFixed(1)}×) — ${total} tests per submission`);
    console.log(`api judge median, back to back (sandbox built per submission): ${f(m)} ms (ratio ${(b / m).toFixed(1)}×)`);
    console.log(`api sandbox median: build ${f(median(build))} ms (isolate, context, harness, lockdown), dispose ${f(median(teardown))} ms`);
    console.log(`api judge via pool median: ${f(median(viaPool))} ms (one submission at a time, IPC included)`);
    const [eb, er, lb, lr] = [median(layer.express[0]), median(layer.express[1]), median(layer.lookalike[0]), median(layer.lookalike[1])];
    console.log(
      `api Express layer per submission (CPU, medians): ${f(eb + er - lb - lr)} ms — sandbox build ${f(eb)} vs ${f(lb)} ms, ` +
        `load + ${total} tests' requests ${f(er)} vs ${f(lr)} ms (real Express 5 harness vs the look-alike it replaced)`,
    );
    console.log(
      `api floor of real Express in a fresh context (node:vm in this process, JIT on, no isolate/lockdown/budget): ${f(median(floor))} ms CPU median per submission ` +
        `(${total} tests, app built per test) — ${median(floor) >= 10 ? 'the < 10 ms target is below it: out of reach for one fresh context per submission with real Express on this machine' : 'below the 10 ms target'}`,
    );
    console.log(`api throughput: ${(N / seconds).toFixed(1)} submissions/s with ${processes} runner processes busy (${N} submissions in ${seconds.toFixed(2)} s, ${complete}/${N} complete, ${N - results.length} lost)`);
    if (pids.length > 0) {
      console.log(`api throughput CPU per submission: runner processes ${f(runnerCpu.total / N)} ms (${f(runnerCpu.system / N)} ms system), caller ${f(callerCpu.total / N)} ms`);
    }
  } finally {
    await runner.close();
  }

  // The ceiling that one isolate per submission puts on throughput on this machine, whatever runs in it, with
  // the runner processes gone, with as many processes as it had. Interleaved with a pure-JS control, twice,
  // so that both see the same machine: a second core that another tenant is using then shows in the control too.
  const rounds: Array<{ isolate: number; total: number; compute: number }> = [];
  let isolateOne = 0;
  for (let round = 0; round < 2; round++) {
    const i1 = await ceiling('isolate', 1, 2000);
    const c1 = await ceiling('compute', 1, 2000);
    const iN = await ceiling('isolate', processes, 2000);
    const cN = await ceiling('compute', processes, 2000);
    isolateOne += i1 / 2;
    rounds.push({ isolate: iN / i1, total: iN, compute: cN / c1 });
  }
  console.log(
    `api ceiling of one isolate per submission (new Isolate + context + dispose, nothing run in it): ${isolateOne.toFixed(0)}/s in 1 process; ` +
      `${processes} processes side by side: ${rounds.map((r) => `×${r.isolate.toFixed(2)} (${r.total.toFixed(0)}/s)`).join(', ')} (a pure-JS loop run the same way: ${rounds.map((r) => `×${r.compute.toFixed(2)}`).join(', ')})`,
  );
}
