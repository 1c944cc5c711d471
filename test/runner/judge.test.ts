import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { listChallengeDirs, loadChallenge, type Challenge } from '../../runner/challenge';
import { SUBMISSION_DETAIL_BYTES, TEST_DETAIL_BYTES, MIN_DETAIL_BYTES } from '../../runner/detailCap';
import { judge, judgeToResult, collectEvents } from '../../runner/judge';
import type { Submission, TestCase, TestFinished } from '../../runner/types';
import { buildApiChallenge, get } from './factories';

const TESTS = [
  { name: 'sample one', visibility: 'sample' as const, steps: [get('/a', { body: { a: 1 } })] },
  { name: 'hidden one', visibility: 'hidden' as const, weight: 3, steps: [get('/a', { body: { a: 1 } })] },
  { name: 'hidden two', visibility: 'hidden' as const, weight: 1, steps: [get('/b', { body: { b: 2 } })] },
];
const challenge = buildApiChallenge(TESTS);
const onlyA = `export default (app) => { app.get('/a', (req, res) => res.json({ a: 1 })); };`;
const both = `export default (app) => { app.get('/a', (req, res) => res.json({ a: 1 })); app.get('/b', (req, res) => res.json({ b: 2 })); };`;

describe('judge', function () {
  this.timeout(20_000);

  it('streams test:started / test:finished for each test, then one submission:finished', async () => {
    const { events, finished } = await judgeToResult(challenge, { code: both, language: 'typescript' });
    assert.deepEqual(
      events.map((e) => e.type),
      ['test:started', 'test:finished', 'test:started', 'test:finished', 'test:started', 'test:finished', 'submission:finished'],
    );
    assert.deepEqual(
      { verdict: finished.verdict, points: finished.points, maxPoints: finished.maxPoints, score: finished.score, passed: finished.passed, total: finished.total },
      { verdict: 'accepted', points: 4, maxPoints: 4, score: 100, passed: 3, total: 3 },
    );
    const sample = events.find((e): e is TestFinished => e.type === 'test:finished' && e.visibility === 'sample')!;
    assert.equal(sample.maxPoints, 0);
    assert.ok(sample.cpuMs >= 0 && sample.wallMs >= 0);
  });

  it('scores points of accepted tests; the verdict is the worst test verdict', async () => {
    const { finished, events } = await judgeToResult(challenge, { code: onlyA, language: 'typescript' });
    assert.equal(finished.verdict, 'wrong_answer');
    assert.equal(finished.points, 3);
    assert.equal(finished.score, 75);
    const two = events.find((e): e is TestFinished => e.type === 'test:finished' && e.name === 'hidden two')!;
    assert.equal(two.points, 0);
    assert.equal(two.maxPoints, 1);
    // No route for /b: real Express answers its own 404 page, which the detail shows as the actual response.
    const step = (two.detail as { steps: Array<{ actual?: { status: number; body: unknown } }> }).steps[0];
    assert.equal(step.actual?.status, 404);
    assert.match(String(step.actual?.body), /Cannot GET \/b/);
    assert.match(two.detail!.message!, /^body: expected \{"b":2\}, got "<!DOCTYPE html>/);
  });

  it('names the missing field when a route answers the wrong JSON', async () => {
    const wrongB = `export default (app) => { app.get('/a', (req, res) => res.json({ a: 1 })); app.get('/b', (req, res) => res.json({ c: 2 })); };`;
    const { finished, events } = await judgeToResult(challenge, { code: wrongB, language: 'typescript' });
    assert.deepEqual([finished.verdict, finished.points, finished.score], ['wrong_answer', 3, 75]);
    const two = events.find((e): e is TestFinished => e.type === 'test:finished' && e.name === 'hidden two')!;
    assert.match(two.detail!.message!, /body.b: missing \(expected 2\)/);
  });

  it('runs only samples with scope samples, scoring 100 * passed / total', async () => {
    const { finished, events } = await judgeToResult(challenge, { code: onlyA, language: 'typescript' }, { scope: 'samples' });
    assert.equal(events.filter((e) => e.type === 'test:finished').length, 1);
    assert.deepEqual([finished.maxPoints, finished.score, finished.total], [0, 100, 1]);
  });

  it('reports a compile error alone, with its position', async () => {
    const { events, finished } = await judgeToResult(challenge, { code: 'export default (app => {', language: 'typescript' });
    assert.equal(events.length, 1);
    assert.equal(finished.verdict, 'compile_error');
    assert.equal(finished.compileError!.line, 1);
    assert.equal(typeof finished.compileError!.column, 'number');
  });

  it('turns an unexpected failure into internal_error without quoting it', async () => {
    const broken = { ...challenge, meta: { ...challenge.meta, kind: 'nope' as 'api' } };
    const original = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      const { finished } = await collectEvents(judge(broken, { code: both, language: 'typescript' }));
      assert.equal(finished.verdict, 'internal_error');
      assert.equal(finished.message, 'the runner failed while judging this submission');
    } finally {
      process.stderr.write = original;
    }
  });
});

describe('judge: stored detail is capped', function () {
  this.timeout(60_000);

  it('cuts a test\'s detail to 64 KB (marked truncated) and a submission\'s to 1 MB', async () => {
    const tests = Array.from({ length: 20 }, (_, i) => ({ name: `t${i}`, visibility: 'hidden' as const, steps: [get('/a', { body: { a: 1 } })] }));
    const big = buildApiChallenge(tests, { outputBytes: 1024 * 1024 }, 'big-detail');
    // About 140 KB a response: over the 64 KB test cap, and 20 of them over the 1 MB submission cap. Not 500 KB:
    // real Express in the sandbox spent 200–500 ms CPU a test on that, and 20 such tests could pass the 15 s wall limit on a busy machine.
    const code = `export default (app) => { app.get('/a', (req, res) => res.json({ a: 2, pad: 'p'.repeat(120000), list: Array.from({ length: 5000 }, (_, i) => i) })); };`;
    const { events, finished } = await judgeToResult(big, { code, language: 'typescript' });
    assert.equal(finished.verdict, 'wrong_answer');
    const details = events.filter((e): e is TestFinished => e.type === 'test:finished').map((e) => e.detail!);
    let total = 0;
    for (const d of details) {
      const bytes = Buffer.byteLength(JSON.stringify(d));
      assert.ok(bytes <= TEST_DETAIL_BYTES, `${bytes} bytes`);
      assert.equal(d.truncated, true);
      assert.match(d.message!, /body.a: expected 1, got 2/);
      total += bytes;
    }
    assert.ok(total <= SUBMISSION_DETAIL_BYTES + details.length * MIN_DETAIL_BYTES, `${total} bytes in all`);
    assert.ok(total > SUBMISSION_DETAIL_BYTES / 2, 'the budget is used, not thrown away');
  });

  it('judges a body nested 100,000 levels deep as a wrong answer, not an internal error', async () => {
    const deep = buildApiChallenge([{ name: 'deep', visibility: 'sample', steps: [get('/a', { body: { a: 1 } })] }], { outputBytes: 1024 * 1024 }, 'deep-body');
    const code = `export default (app) => { app.get('/a', (req, res) => res.type('application/json').send('['.repeat(100000) + ']'.repeat(100000))); };`;
    const { finished, events } = await judgeToResult(deep, { code, language: 'typescript' });
    assert.equal(finished.verdict, 'wrong_answer');
    const test = events.find((e): e is TestFinished => e.type === 'test:finished')!;
    assert.ok(Buffer.byteLength(JSON.stringify(test)) <= TEST_DETAIL_BYTES + 1024);
  });

  it('leaves detail within the caps untouched', async () => {
    const { events } = await judgeToResult(challenge, { code: onlyA, language: 'typescript' });
    for (const e of events) if (e.type === 'test:finished') assert.equal(e.detail?.truncated, undefined);
  });
});

// A test's result must not depend on the tests run before it: the same submission judged with its tests in
// three orders gives every test the same verdict and the same detail.
describe('judge: a test\'s result does not depend on the order of tests', function () {
  this.timeout(300_000);

  /** A deterministic shuffle (the same permutation every run, so a failure can be reproduced). */
  function shuffled(tests: TestCase[], seed: number): TestCase[] {
    const out = [...tests];
    let x = seed;
    for (let i = out.length - 1; i > 0; i--) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const j = x % (i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  async function byIndex(c: Challenge, submission: Submission, order?: (t: TestCase[]) => TestCase[]): Promise<Map<number, unknown>> {
    const { events } = await judgeToResult(c, submission, {}, { order });
    const out = new Map<number, unknown>();
    for (const e of events) if (e.type === 'test:finished') out.set(e.index, { verdict: e.verdict, points: e.points, detail: e.detail });
    return out;
  }

  async function assertOrderFree(c: Challenge, submission: Submission, label: string): Promise<void> {
    const straight = await byIndex(c, submission);
    const orders: Array<[string, (t: TestCase[]) => TestCase[]]> = [
      ['reversed', (t) => [...t].reverse()],
      ['shuffled', (t) => shuffled(t, 7)],
    ];
    for (const [name, order] of orders) {
      const other = await byIndex(c, submission, order);
      assert.equal(other.size, straight.size, `${label} ${name}`);
      for (const [index, result] of straight) assert.deepEqual(other.get(index), result, `${label}: test ${index} differs when ${name}`);
    }
  }

  it('holds for every bundled API challenge\'s reference solution', async () => {
    const root = path.resolve('challenges');
    let judged = 0;
    // listChallengeDirs, not readdir: challenges/_datasets/ holds shared datasets, not a challenge.
    for (const dir of await listChallengeDirs(root)) {
      const slug = path.basename(dir);
      const c = await loadChallenge(dir);
      if (c.meta.kind !== 'api') continue;
      await assertOrderFree(c, { code: c.solution.code, language: c.solution.file.endsWith('.js') ? 'javascript' : 'typescript' }, slug);
      judged++;
    }
    assert.ok(judged >= 5, `${judged} API challenges`);
  });

  it('holds for hostile submissions that try to carry state from one test to the next', async () => {
    const c = await loadChallenge(path.resolve('test/fixtures/hostile-challenge'));
    const carriers = ['16-prototype-pollution.ts', '17-proto-accessor-pollution.ts', '18-override-builtins.ts', '37-global-counter-across-tests.ts',
      '38-date-tampering.ts', '47-regexp-statics.ts', '48-iterator-prototype-state.ts', '49-generator-prototype-state.ts', '50-require-stub-state.ts',
      '51-finalization-callback.ts'];
    for (const file of carriers) {
      const code = await readFile(path.resolve('test/fixtures/hostile', file), 'utf8');
      await assertOrderFree(c, { code, language: 'typescript' }, file);
    }
  });
});
