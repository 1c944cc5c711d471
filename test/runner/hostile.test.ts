// Every hostile case in test/fixtures/hostile/ judged through the runner POOL (a case may kill its
// process), then a normal submission to prove the pool and the host survived; then the state carriers with a
// sample after the hidden tests.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadChallenge, type Challenge } from '../../runner/challenge';
import { candidateView } from '../../runner/events';
import { SUBMISSION_DETAIL_BYTES, TEST_DETAIL_BYTES } from '../../runner/detailCap';
import { createRunner } from '../../runner/index';
import { collectEvents, type JudgeResult } from '../../runner/judge';
import type { Runner } from '../../runner/types';

const ROOT = path.resolve('test/fixtures');
const SECRET = 'HIDDEN-EXPECTED-7f3a9c';

interface Case {
  name: string;
  code: string;
  verdicts: string[];
  tests: Array<[string, string]>;
  compileAt?: [number, number];
}

function parseCase(name: string, code: string): Case {
  const expect = /^\/\/ expect: ([\w|]+)/.exec(code);
  if (!expect) throw new Error(`${name}: first line must be // expect: <verdict>`);
  const tests = [...code.matchAll(/^\/\/ expect-test ([\w -]+): (\w+)$/gm)].map((m) => [m[1], m[2]] as [string, string]);
  const at = /^\/\/ expect-compile-error: (\d+):(\d+)/m.exec(code);
  return { name, code, verdicts: expect[1].split('|'), tests, compileAt: at ? [Number(at[1]), Number(at[2])] : undefined };
}

describe('hostile submissions (through the pool)', function () {
  this.timeout(180_000);
  let challenge: Challenge;
  let runner: Runner;
  const cases: Case[] = [];
  const results = new Map<string, JudgeResult>();

  before(async () => {
    challenge = await loadChallenge(path.join(ROOT, 'hostile-challenge'));
    const dir = path.join(ROOT, 'hostile');
    for (const file of (await readdir(dir)).filter((f) => f.endsWith('.ts')).sort()) {
      cases.push(parseCase(file, await readFile(path.join(dir, file), 'utf8')));
    }
    // Built here rather than stored: a 70 KB fixture file would only be noise in the repository.
    cases.push({
      name: 'oversized-source (generated)',
      code: `// ${'x'.repeat(70 * 1024)}\nexport default () => {};\n`,
      verdicts: ['compile_error'],
      tests: [],
    });
    runner = createRunner({ processes: 2 });
    await Promise.all(
      cases.map(async (c) => {
        results.set(c.name, await collectEvents(runner.judge(challenge, { code: c.code, language: 'typescript' })));
      }),
    );
  });

  after(async () => {
    await runner?.close();
  });

  it('has at least 30 cases', () => {
    assert.ok(cases.length >= 30, `${cases.length} cases`);
  });

  it('gives each case its documented verdict', () => {
    const wrong: string[] = [];
    for (const c of cases) {
      const r = results.get(c.name)!;
      if (!c.verdicts.includes(r.finished.verdict)) wrong.push(`${c.name}: expected ${c.verdicts.join('|')}, got ${r.finished.verdict}`);
      for (const [test, verdict] of c.tests) {
        const t = r.events.find((e) => e.type === 'test:finished' && e.name === test);
        if (!t || t.type !== 'test:finished' || t.verdict !== verdict) {
          wrong.push(`${c.name}: test ${test} expected ${verdict}, got ${t?.type === 'test:finished' ? t.verdict : 'nothing'}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('always ends with exactly one submission:finished', () => {
    for (const c of cases) {
      const r = results.get(c.name)!;
      assert.equal(r.events.filter((e) => e.type === 'submission:finished').length, 1, c.name);
      assert.equal(r.events.at(-1)!.type, 'submission:finished', c.name);
    }
  });

  it('reports compile errors at the candidate\'s own line and column, and oversized sources clearly', () => {
    for (const c of cases.filter((x) => x.compileAt)) {
      const ce = results.get(c.name)!.finished.compileError;
      assert.deepEqual([ce?.line, ce?.column], c.compileAt, c.name);
    }
    const big = results.get('oversized-source (generated)')!.finished;
    assert.match(big.compileError!.message, /limit is 65536 bytes/);
  });

  it('never shows a hidden expected value to the candidate', () => {
    for (const c of cases) {
      const view = JSON.stringify(results.get(c.name)!.events.map((e) => candidateView(e)));
      assert.ok(!view.includes(SECRET), `${c.name} leaked the hidden expected value`);
    }
  });

  it('stores capped detail: 64 KB a test at most, 1 MB a submission (plus a short message per further test)', () => {
    for (const c of cases) {
      const { events } = results.get(c.name)!;
      for (const e of events) {
        if (e.type !== 'test:finished' || !e.detail) continue;
        assert.ok(Buffer.byteLength(JSON.stringify(e.detail)) <= TEST_DETAIL_BYTES, `${c.name}: test ${e.name} detail over 64 KB`);
      }
      assert.ok(Buffer.byteLength(JSON.stringify(events)) < SUBMISSION_DETAIL_BYTES + 16 * 1024, `${c.name}: events too large`);
    }
  });

  it('charges headers, status line, error text and console to one budget, cut before they leave the isolate', () => {
    for (const name of ['41-oversized-header.ts', '42-many-headers.ts', '43-huge-error-message.ts', '44-huge-load-error.ts', '45-status-line-abuse.ts', '46-console-plus-body.ts']) {
      const sample = results.get(name)!.events.find((e) => e.type === 'test:finished' && e.name === 'sample');
      assert.ok(sample?.type === 'test:finished', name);
      assert.match(sample.detail?.message ?? '', /output|byte limit/, name);
      assert.ok(JSON.stringify(sample).length < 16 * 1024, `${name}: ${JSON.stringify(sample).length} bytes`);
    }
  });

  it('left nothing behind in the host', () => {
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal((globalThis as Record<string, unknown>).leak, undefined);
    assert.equal([1, 2].map((x) => x * 2).join(), '2,4');
    assert.equal(JSON.stringify({ a: 1 }), '{"a":1}');
  });

  it('still judges a normal submission correctly afterwards', async () => {
    const code = await readFile(path.join(ROOT, 'hostile-challenge', 'solution.ts'), 'utf8');
    const { finished } = await collectEvents(runner.judge(challenge, { code, language: 'typescript' }));
    assert.equal(finished.verdict, 'accepted');
    assert.equal(finished.passed, 3);
  });
});

// The spec allows a sample after hidden tests: state carried from a hidden test must not reach the sample's
// console (which the candidate sees). Same fixtures, tests reordered hidden-first, one runner process.
describe('hostile submissions: a sample after hidden tests', function () {
  this.timeout(120_000);
  const CARRIERS = ['37-global-counter-across-tests.ts', '47-regexp-statics.ts', '48-iterator-prototype-state.ts', '49-generator-prototype-state.ts', '50-require-stub-state.ts', '51-finalization-callback.ts', '52-leftover-microtasks.ts'];
  let runner: Runner;

  before(() => {
    runner = createRunner({ processes: 1 });
  });
  after(async () => {
    await runner?.close();
  });

  it('never shows a hidden request in a later sample\'s console, and every test sees a clean module', async () => {
    const loaded = await loadChallenge(path.join(ROOT, 'hostile-challenge'));
    const tests = [...loaded.api!.tests];
    const challenge: Challenge = { ...loaded, api: { ...loaded.api!, tests: [tests[1], tests[2], tests[0]] } };
    for (const file of CARRIERS) {
      const code = await readFile(path.join(ROOT, 'hostile', file), 'utf8');
      const { events } = await collectEvents(runner.judge(challenge, { code, language: 'typescript' }));
      const view = JSON.stringify(events.map((e) => candidateView(e)));
      assert.ok(!view.includes('/first') && !view.includes('/second'), `${file}: the sample shows a hidden request: ${view}`);
      const second = events.find((e) => e.type === 'test:finished' && e.name === 'second');
      if (file !== '37-global-counter-across-tests.ts') assert.equal(second?.type === 'test:finished' && second.verdict, 'accepted', file);
      const sample = events.find((e) => e.type === 'test:finished' && e.name === 'sample');
      assert.equal(sample?.type === 'test:finished' && sample.verdict, 'accepted', file);
    }
  });
});
