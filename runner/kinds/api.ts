// The API challenge kind: the candidate's Express 5 module runs in the isolate on the real `express` package
// (runner/kinds/express/); each test is a sequence of requests whose responses are compared on the host with
// the expected ones, which never enter the isolate.
import type { Challenge } from '../challenge';
import { jsonDepth, MAX_JSON_DEPTH } from '../jsonDepth';
import { OutputBudget } from '../outputBudget';
import { acquireApiDatabase, DbTimeoutError, type ApiDatabase } from '../pglite/apiDatabase';
import { Sandbox, type CallResult } from '../sandbox';
import { capture, compareStep, parsedRawBody, resolveExpect, resolveRequest, type ResolvedRequest } from '../apiTests/steps';
import type { Vars } from '../apiTests/captures';
import type { Limits } from '../spec';
import type { TestCase, TestDetail } from '../types';
import type { Verdict } from '../verdicts';
import { apiHarnessSource, DEFAULT_CLOCK_MS, harnessRequest, type HarnessRequest, type HarnessResponse } from './apiHarness';
import { remapLocations, type LineMap } from './apiSourceMap';
import { compileModule, loadCompiledModule, SOURCE_FILE } from './moduleCompiler';
import { warmUp } from './apiWarmUp';
import { apiChallenge } from './apiChallenge';
import type { ChallengeKind, TestOutcome } from './kind';


export interface ApiPrepared {
  challenge: Challenge;
  limits: Limits;
  moduleSource: string;
  /** Where each line of moduleSource came from in the candidate's source (stack traces are remapped with it). */
  sourceMap?: LineMap;
  sandbox?: Sandbox;
  db?: ApiDatabase;
  /** performance.now() after which no test may start: the submission's wall limit. */
  deadline: number;
  dbTimedOut: boolean;
}

/** A test stops when its handlers have not answered after this much wall time (host calls included). */
export function testWallMs(limits: Limits): number {
  return limits.cpuMsPerTest * 3 + 1000;
}

/**
 * isolated-vm's timeout counts wall time, which a busy machine stretches: it stops a step at twice
 * the CPU budget left (+200 ms); the CPU time measured afterwards decides time_limit otherwise.
 */
function stepTimeoutMs(cpuLeftMs: number): number {
  return Math.max(1, cpuLeftMs) * 2 + 200;
}

// One spare sandbox per process, created while the process is idle, so a submission does not wait for an
// isolate, a context and the lockdown (~5 ms). Only for challenges without a database (the database bridge
// belongs to one submission). A spare has never run candidate code. It is warmed up (runner/kinds/apiWarmUp.ts:
// ~3 ms that save the submission ~1 ms) only when no submission came for WARM_UP_AFTER_IDLE_MS: a process
// that is judging back to back spends its CPU on submissions.
const WARM_UP_AFTER_IDLE_MS = 5;
interface Spare {
  key: string;
  sandbox: Sandbox;
  timer?: NodeJS.Timeout;
  warming?: Promise<void>;
}
let spare: Spare | undefined;

function sandboxOptions(limits: Limits): { memoryMb: number; outputBytes: number; harness: string } {
  return { memoryMb: limits.memoryMb, outputBytes: limits.outputBytes, harness: apiHarnessSource() };
}

function spareKey(limits: Limits): string {
  return `${limits.memoryMb}:${limits.outputBytes}`;
}

function scheduleSpare(limits: Limits): void {
  if (spare) return;
  setImmediate(() => {
    if (spare) return;
    let sandbox: Sandbox;
    try {
      sandbox = Sandbox.createSync(sandboxOptions(limits));
    } catch {
      return;
    }
    const entry: Spare = { key: spareKey(limits), sandbox };
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      entry.warming = warmUp(sandbox).catch(() => sandbox.dispose());
    }, WARM_UP_AFTER_IDLE_MS);
    entry.timer.unref();
    spare = entry;
  });
}

async function takeSpare(limits: Limits): Promise<Sandbox | undefined> {
  if (!spare || spare.key !== spareKey(limits)) return undefined;
  const taken = spare;
  spare = undefined;
  clearTimeout(taken.timer);
  await taken.warming;
  return taken.sandbox.disposed ? undefined : taken.sandbox;
}

async function createSandbox(prepared: ApiPrepared): Promise<Sandbox> {
  const db = prepared.db;
  const sandbox =
    (!db && (await takeSpare(prepared.limits))) ||
    Sandbox.createSync({
      ...sandboxOptions(prepared.limits),
      hostFunctions: db
        ? {
            'db.query': async (json) => {
              const { sql, params } = JSON.parse(json) as { sql: string; params: unknown[] };
              try {
                return JSON.stringify(await db.query(sql, params, { timeoutMs: testWallMs(prepared.limits) }));
              } catch (err) {
                if (err instanceof DbTimeoutError) prepared.dbTimedOut = true;
                return JSON.stringify({ error: err instanceof Error ? err.message : 'query failed' });
              }
            },
          }
        : undefined,
    });
  await loadCompiledModule(sandbox, prepared);
  return sandbox;
}

interface Response {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

function parseBody(headers: Record<string, string>, text: string): unknown {
  if (/json/i.test(headers['content-type'] ?? '') && text !== '' && jsonDepth(text) <= MAX_JSON_DEPTH) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * The request as it enters the isolate: a path with a query string is split into path and query. A raw
 * body crosses as `rawBody` (its exact text) beside what the look-alike harness can parse of it.
 */
function requestOf(resolved: ResolvedRequest): HarnessRequest & { rawBody?: string } {
  const { method, headers, rawBody } = resolved;
  const body = rawBody !== undefined ? parsedRawBody(rawBody, headers) : resolved.body;
  let path = resolved.path;
  const query: Record<string, string | string[]> = { ...resolved.query };
  const q = path.indexOf('?');
  if (q >= 0) {
    for (const [k, v] of new URLSearchParams(path.slice(q + 1))) {
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    path = path.slice(0, q);
  }
  return rawBody !== undefined ? { method, path, headers, query, body, rawBody } : { method, path, headers, query, body };
}

interface StepOutput {
  loadError?: string;
  overflow?: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  errors: string[];
}

/** The harness's answer as the comparison takes it: a repeated header (Set-Cookie) becomes one comma-joined value. */
function responseOf(json: string): StepOutput {
  const out = JSON.parse(json) as HarnessResponse;
  if (!('status' in out)) return out as StepOutput;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(out.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return { status: out.status, headers, body: out.body, errors: out.errors };
}

function failureVerdict(result: Extract<CallResult, { ok: false }>): Verdict {
  switch (result.failure) {
    case 'timeout':
      return 'time_limit';
    case 'memory':
      return 'memory_limit';
    default:
      return 'runtime_error';
  }
}

export const apiKind: ChallengeKind<ApiPrepared> = {
  name: 'api',
  ...apiChallenge,

  tests(challenge) {
    return (challenge.api?.tests ?? []).map((t, index) => ({
      index,
      name: t.name,
      visibility: t.visibility,
      weight: t.visibility === 'sample' ? 0 : t.weight,
    }));
  },

  async prepare(challenge, submission) {
    if (!challenge.api) throw new Error(`challenge ${challenge.slug} is not an api challenge`);
    const start = performance.now();
    const { code: moduleSource, map: sourceMap } = await compileModule(submission);
    const prepared: ApiPrepared = {
      challenge,
      limits: challenge.limits,
      moduleSource,
      sourceMap,
      deadline: start + challenge.limits.wallMsPerSubmission,
      dbTimedOut: false,
    };
    try {
      if (challenge.api.database) prepared.db = await acquireApiDatabase(challenge);
      prepared.sandbox = await createSandbox(prepared);
    } catch (err) {
      await this.dispose(prepared);
      throw err;
    }
    return prepared;
  },

  async runTest(prepared, test: TestCase): Promise<TestOutcome> {
    const spec = prepared.challenge.api!.tests[test.index];
    const limits = prepared.limits;
    const startedAt = performance.now();
    if (startedAt >= prepared.deadline) {
      return {
        verdict: 'time_limit',
        cpuMs: 0,
        wallMs: 0,
        detail: { message: `not run: the submission used its ${limits.wallMsPerSubmission} ms wall-clock limit` },
      };
    }
    // A sandbox killed by an earlier test (time or memory limit) is replaced: that test's verdict stands.
    if (!prepared.sandbox || prepared.sandbox.disposed) prepared.sandbox = await createSandbox(prepared);
    const sandbox = prepared.sandbox;
    const budget = new OutputBudget(limits.outputBytes);
    sandbox.beginTest(budget);
    let callFailed = false;
    if (prepared.db) await prepared.db.reset();
    prepared.dbTimedOut = false;

    const steps: NonNullable<TestDetail['steps']> = [];
    let verdict: Verdict = 'accepted';
    let message: string | undefined;
    let cpuMs = 0;
    let clock = DEFAULT_CLOCK_MS;
    const errors: string[] = [];
    // Captured values, for this test only.
    const vars: Vars = {};
    const testWall = Math.min(testWallMs(limits), prepared.deadline - startedAt);

    for (let i = 0; i < spec.steps.length && verdict === 'accepted'; i++) {
      const step = spec.steps[i];
      if (step.clock !== undefined) clock = step.clock;
      if (step.advanceMs !== undefined) clock += step.advanceMs;
      const resolved = resolveRequest(step.request, vars);
      const request = requestOf(resolved);
      const elapsed = performance.now() - startedAt;
      const result = await sandbox.call(
        'request',
        harnessRequest(i === 0, clock, Boolean(prepared.db), request, test.index + 1),
        { timeoutMs: stepTimeoutMs(limits.cpuMsPerTest - cpuMs), wallMs: Math.max(1, testWall - elapsed) },
      );
      cpuMs += result.cpuMs;
      const where = spec.steps.length > 1 ? `step ${i + 1} (${request.method} ${request.path}): ` : '';
      if (!result.ok) {
        callFailed = true;
        verdict = prepared.dbTimedOut ? 'time_limit' : failureVerdict(result);
        message = where + result.message;
        if (result.failure === 'error' && !budget.cross(result.message)) [verdict, message] = ['output_limit', where + budget.message()];
        steps.push({ request: resolved, expected: step.expect, passed: false });
        break;
      }
      // The crossing: every byte the harness sent back counts against the test's output budget.
      if (!budget.cross(result.value)) {
        verdict = 'output_limit';
        message = where + budget.message();
        steps.push({ request: resolved, expected: step.expect, passed: false });
        break;
      }
      const out = responseOf(result.value);
      if (out.loadError !== undefined) {
        verdict = 'runtime_error';
        message = remapLocations(out.loadError, SOURCE_FILE, prepared.sourceMap);
        steps.push({ request: resolved, expected: step.expect, passed: false });
        break;
      }
      if (out.overflow !== undefined) {
        verdict = 'output_limit';
        message = where + out.overflow;
        steps.push({ request: resolved, expected: step.expect, passed: false });
        break;
      }
      errors.push(...out.errors);
      const actual: Response = { status: out.status, headers: out.headers, body: parseBody(out.headers, out.body) };
      // Comparison and captures: runner/apiTests/steps.ts.
      const expect = resolveExpect(step.expect, vars);
      const diff = compareStep(expect, actual);
      if (diff.length === 0) diff.push(...capture(step.capture, actual, vars));
      const passed = diff.length === 0;
      steps.push({ request: resolved, expected: expect, actual, diff: passed ? undefined : diff, passed });
      if (!passed) {
        verdict = 'wrong_answer';
        message = where + diff[0] + (out.errors.length > 0 ? ` — the handler threw ${out.errors[0].split('\n')[0]}` : '');
      }
    }
    if (prepared.dbTimedOut && verdict !== 'time_limit') {
      verdict = 'time_limit';
      message = 'a database query ran out of time';
    }
    if (verdict !== 'time_limit' && cpuMs > limits.cpuMsPerTest) {
      verdict = 'time_limit';
      message = `CPU time ${Math.round(cpuMs)} ms is over the ${limits.cpuMsPerTest} ms limit`;
    }
    const consoleOut = sandbox.takeConsole();
    if (consoleOut.overflow && (verdict === 'accepted' || verdict === 'wrong_answer' || verdict === 'runtime_error')) {
      verdict = 'output_limit';
      message = budget.message();
    }
    const consoleText = remapLocations([consoleOut.text, ...errors.map((e) => `uncaught: ${e}\n`)].join(''), SOURCE_FILE, prepared.sourceMap);
    // A failed call may leave jobs queued in the isolate (a microtask chain cut by the timeout) that would run
    // during the next test: the next test gets a fresh sandbox.
    if (callFailed) sandbox.dispose();
    return {
      verdict,
      cpuMs,
      wallMs: performance.now() - startedAt,
      detail: { message, console: consoleText || undefined, steps },
    };
  },

  async dispose(prepared) {
    const sandbox = prepared.sandbox;
    prepared.sandbox = undefined;
    const db = prepared.db;
    prepared.db = undefined;
    if (db) {
      // Disposed before the database goes: a query still pending must not wake the isolate up later.
      sandbox?.dispose();
      await db.release();
      return;
    }
    // Nothing can enter an isolate without a database bridge once its calls have returned, so disposing
    // it (~1 ms) waits until the results are on their way, and the spare is built after that. The first
    // isolate of the process to get here also leaves its compiled harness in the code cache (once).
    setImmediate(() => {
      sandbox?.refreshCodeCache();
      sandbox?.dispose();
      scheduleSpare(prepared.limits);
    });
  },
};
