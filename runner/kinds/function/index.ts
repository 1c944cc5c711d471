// The function challenge kind (HackerRank's and Codility's usual format): the candidate's TypeScript or JavaScript
// module exports functions or classes; each test is a call sequence (./spec.ts) run in the same isolated-vm
// Sandbox as API tests, with the same limits and verdicts, a fresh module instance per test, the virtual clock
// and seeded Math.random. Expected values stay on the host: the harness (./harness.js) only reports what a
// call returned or threw.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extract, parseCaptureSource, substituteJson, type Vars } from '../../apiTests/captures';
import { matchValue, MAX_DIFF_LINES } from '../../apiTests/matchers';
import { parseYaml, type Challenge } from '../../challenge';
import { jsonDepth, MAX_JSON_DEPTH } from '../../jsonDepth';
import { OutputBudget } from '../../outputBudget';
import { Sandbox, type CallResult } from '../../sandbox';
import { tokenizeJs } from '../../similarityTokens';
import type { Limits } from '../../spec';
import type { Submission, TestCase, TestDetail } from '../../types';
import type { Verdict } from '../../verdicts';
import { remapLocations, type LineMap } from '../apiSourceMap';
import { compileModule, loadCompiledModule, SOURCE_FILE } from '../moduleCompiler';
import { CompileError, type ChallengeKind, type TestOutcome } from '../kind';
import { functionTestsYamlSchema, type FunctionSection, type FunctionStep } from './spec';

/** The clock a test starts at when its first step sets none (the API kind's: 2023-11-14T22:13:20Z). */
export const DEFAULT_CLOCK_MS = 1_700_000_000_000;

let harness: string | undefined;
function harnessSource(): string {
  harness ??= readFileSync(new URL('./harness.js', import.meta.url), 'utf8')
    .replace(/^(\s*\/\/.*\n)+/, '')
    .trim()
    .replace(/;$/, '');
  return harness;
}

export interface FunctionPrepared {
  challenge: Challenge;
  limits: Limits;
  moduleSource: string;
  sourceMap?: LineMap;
  sandbox?: Sandbox;
  /** performance.now() after which no test may start: the submission's wall limit. */
  deadline: number;
  /** Math.random's seed for the test running now (32 hex digits). */
  seed: string;
}

function sectionOf(challenge: Challenge): FunctionSection {
  const section = challenge.section as FunctionSection | undefined;
  if (!section || !Array.isArray(section.tests)) throw new Error(`challenge ${challenge.slug} is not a function challenge`);
  return section;
}

/** As the API kind: a test stops when its calls have not answered after this much wall time. */
function testWallMs(limits: Limits): number {
  return limits.cpuMsPerTest * 3 + 1000;
}

/** isolated-vm's timeout counts wall time: a call stops at twice the CPU left (+200 ms); measured CPU decides otherwise. */
function stepTimeoutMs(cpuLeftMs: number): number {
  return Math.max(1, cpuLeftMs) * 2 + 200;
}

async function compile(submission: Submission): Promise<{ code: string; map?: LineMap }> {
  if (submission.language !== 'typescript' && submission.language !== 'javascript')
    throw new CompileError(`a function challenge takes TypeScript or JavaScript, not ${submission.language}`);
  return compileModule(submission);
}

async function createSandbox(prepared: FunctionPrepared): Promise<Sandbox> {
  const sandbox = Sandbox.createSync({
    memoryMb: prepared.limits.memoryMb,
    outputBytes: prepared.limits.outputBytes,
    harness: harnessSource(),
    randomSeed: () => prepared.seed,
  });
  await loadCompiledModule(sandbox, prepared);
  return sandbox;
}

/** The same seed for the same test of the same challenge on every run, as the API kind's. */
function seedOf(challenge: Challenge, test: TestCase): string {
  return createHash('sha256').update(`${challenge.slug}\0${test.index}`).digest('hex').slice(0, 32);
}

type StepAnswer =
  | { returned: unknown }
  | { constructed: true }
  | { clockOnly: true }
  | { threw: { name: string | null; message: string; stack: string }; unsendable?: true }
  | { missing: string }
  | { loadError: string }
  | { overflow: string };

function failureVerdict(result: Extract<CallResult, { ok: false }>): Verdict {
  if (result.failure === 'timeout') return 'time_limit';
  if (result.failure === 'memory') return 'memory_limit';
  return 'runtime_error';
}

function describeStep(step: FunctionStep, args: unknown[]): string {
  const list = JSON.stringify(args).slice(1, -1);
  const shown = list.length > 200 ? `${list.slice(0, 200)}…` : list;
  return step.new !== undefined ? `new ${step.new}(${shown})` : `${step.call}(${shown})`;
}

/** The diff of what a step gave against its expectation; empty when it passes. */
function compareAnswer(step: FunctionStep, answer: StepAnswer, vars: Vars): string[] {
  const expect = step.expect;
  const diff: string[] = [];
  if ('threw' in answer) {
    const thrown = { name: answer.threw.name, message: answer.threw.message };
    if (!expect?.throws) return diff;
    if (expect.throws !== true) {
      const wanted = substituteJson(expect.throws, vars) as Record<string, unknown>;
      for (const key of ['name', 'message'] as const) {
        if (wanted[key] !== undefined) matchValue(wanted[key], thrown[key], 'exact', `thrown.${key}`, diff);
      }
    }
    return diff;
  }
  if (expect?.throws) {
    diff.push(`expected it to throw${expect.throws !== true && expect.throws.name !== undefined ? ` ${JSON.stringify(expect.throws.name)}` : ''}, but it ${'constructed' in answer ? 'constructed an instance' : 'returned'}`);
    return diff;
  }
  if ('returned' in answer && expect?.returns !== undefined) {
    matchValue(substituteJson(expect.returns, vars), answer.returned, expect.match, 'returned', diff);
  }
  return diff.slice(0, MAX_DIFF_LINES);
}

export const functionKind: ChallengeKind<FunctionPrepared> = {
  name: 'function',
  languages: ['typescript', 'javascript'],
  extensions: ['ts', 'js'],
  editorMode: 'typescript',
  spec: {},

  parse(files) {
    const { tests } = parseYaml(files, 'tests.yaml', functionTestsYamlSchema);
    const section: FunctionSection = { tests };
    return { section };
  },

  publicSamples(challenge) {
    const tests = sectionOf(challenge).tests;
    return {
      tests: tests.filter((t) => t.visibility === 'sample').map((t) => ({ name: t.name, steps: t.steps })),
      hiddenTests: tests.filter((t) => t.visibility === 'hidden').length,
    };
  },

  tokenize: tokenizeJs,

  tests(challenge) {
    return sectionOf(challenge).tests.map((t, index) => ({ index, name: t.name, visibility: t.visibility, weight: t.visibility === 'sample' ? 0 : t.weight }));
  },

  async prepare(challenge, submission) {
    sectionOf(challenge);
    const start = performance.now();
    const { code, map } = await compile(submission);
    const prepared: FunctionPrepared = {
      challenge,
      limits: challenge.limits,
      moduleSource: code,
      sourceMap: map,
      deadline: start + challenge.limits.wallMsPerSubmission,
      seed: '0'.repeat(32),
    };
    prepared.sandbox = await createSandbox(prepared);
    return prepared;
  },

  async runTest(prepared, test: TestCase): Promise<TestOutcome> {
    const spec = sectionOf(prepared.challenge).tests[test.index];
    const limits = prepared.limits;
    const startedAt = performance.now();
    if (startedAt >= prepared.deadline) {
      return { verdict: 'time_limit', cpuMs: 0, wallMs: 0, detail: { message: `not run: the submission used its ${limits.wallMsPerSubmission} ms wall-clock limit` } };
    }
    // A sandbox killed by an earlier test (time or memory limit, a failed call) is replaced: that verdict stands.
    if (!prepared.sandbox || prepared.sandbox.disposed) prepared.sandbox = await createSandbox(prepared);
    const sandbox = prepared.sandbox;
    prepared.seed = seedOf(prepared.challenge, test);
    const budget = new OutputBudget(limits.outputBytes);
    sandbox.beginTest(budget);

    const steps: NonNullable<TestDetail['steps']> = [];
    let verdict: Verdict = 'accepted';
    let message: string | undefined;
    let cpuMs = 0;
    let clock = DEFAULT_CLOCK_MS;
    let callFailed = false;
    const vars: Vars = {};
    const testWall = Math.min(testWallMs(limits), prepared.deadline - startedAt);

    for (let i = 0; i < spec.steps.length && verdict === 'accepted'; i++) {
      const step = spec.steps[i];
      if (step.clock !== undefined) clock = step.clock;
      if (step.advanceMs !== undefined) clock += step.advanceMs;
      if (step.call === undefined && step.new === undefined && i > 0) continue;
      const args = substituteJson(step.args, vars) as unknown[];
      const what = step.call === undefined && step.new === undefined ? 'clock' : describeStep(step, args);
      const where = spec.steps.length > 1 ? `step ${i + 1} (${what}): ` : '';
      const request = { ...(step.new !== undefined ? { new: step.new, as: step.as } : { call: step.call }), args, clock };
      const payload = JSON.stringify({ fresh: i === 0, now: clock, step: { call: step.call, new: step.new, as: step.as, args } });
      const elapsed = performance.now() - startedAt;
      const result = await sandbox.call('step', payload, { timeoutMs: stepTimeoutMs(limits.cpuMsPerTest - cpuMs), wallMs: Math.max(1, testWall - elapsed) });
      cpuMs += result.cpuMs;
      if (!result.ok) {
        callFailed = true;
        verdict = failureVerdict(result);
        message = where + remapLocations(result.message, SOURCE_FILE, prepared.sourceMap);
        if (result.failure === 'error' && !budget.cross(result.message)) [verdict, message] = ['output_limit', where + budget.message()];
        steps.push({ request, expected: step.expect, passed: false });
        break;
      }
      if (!budget.cross(result.value)) {
        verdict = 'output_limit';
        message = where + budget.message();
        steps.push({ request, expected: step.expect, passed: false });
        break;
      }
      if (jsonDepth(result.value) > MAX_JSON_DEPTH) {
        verdict = 'wrong_answer';
        message = `${where}the returned value is nested too deep`;
        steps.push({ request, expected: step.expect, passed: false });
        break;
      }
      const answer = JSON.parse(result.value) as StepAnswer;
      if ('loadError' in answer) {
        verdict = 'runtime_error';
        message = remapLocations(answer.loadError, SOURCE_FILE, prepared.sourceMap);
        steps.push({ request, expected: step.expect, passed: false });
        break;
      }
      if ('overflow' in answer) {
        verdict = 'output_limit';
        message = where + answer.overflow;
        steps.push({ request, expected: step.expect, passed: false });
        break;
      }
      if ('clockOnly' in answer) continue;
      if ('missing' in answer) {
        verdict = 'runtime_error';
        message = where + answer.missing;
        steps.push({ request, expected: step.expect, passed: false });
        break;
      }
      if ('threw' in answer && (!step.expect?.throws || answer.unsendable)) {
        // An exception nobody expected is the candidate's runtime error, as an uncaught one in a handler is.
        verdict = 'runtime_error';
        const thrown = answer.threw;
        message = where + remapLocations(thrown.stack || `${thrown.name ?? 'thrown'}: ${thrown.message}`, SOURCE_FILE, prepared.sourceMap);
        steps.push({ request, expected: step.expect, actual: { threw: { name: thrown.name, message: thrown.message } }, passed: false });
        break;
      }
      const actual = 'returned' in answer ? { returned: answer.returned } : 'threw' in answer ? { threw: { name: answer.threw.name, message: answer.threw.message } } : { constructed: true };
      const diff = compareAnswer(step, answer, vars);
      if (diff.length === 0 && 'returned' in answer) {
        for (const [name, text] of Object.entries(step.capture ?? {})) {
          const source = parseCaptureSource(text);
          const got = typeof source === 'string' ? { error: source } : extract(source, { status: 0, headers: {}, body: answer.returned });
          if ('error' in got) diff.push(`capture ${name}: ${got.error}`);
          else vars[name] = got.value;
        }
      }
      const passed = diff.length === 0;
      steps.push({ request, expected: step.expect, actual, diff: passed ? undefined : diff, passed });
      if (!passed) {
        verdict = 'wrong_answer';
        message = where + diff[0];
      }
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
    const consoleText = remapLocations(consoleOut.text, SOURCE_FILE, prepared.sourceMap);
    // A failed call may leave jobs queued in the isolate that would run during the next test: it gets a fresh sandbox.
    if (callFailed) sandbox.dispose();
    return { verdict, cpuMs, wallMs: performance.now() - startedAt, detail: { message, console: consoleText || undefined, steps } };
  },

  async dispose(prepared) {
    const sandbox = prepared.sandbox;
    prepared.sandbox = undefined;
    sandbox?.dispose();
  },
};
