import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { ChallengeFormatError, listChallengeDirs, loadChallenge, parseChallenge, type Challenge } from '../../../runner/challenge';
import { candidateView } from '../../../runner/events';
import { getKind, tokenizerFor } from '../../../runner/kinds';
import { judgeToResult } from '../../../runner/judge';
import type { TestFinished } from '../../../runner/types';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../challenges');

type Step = Record<string, unknown>;
interface TestInput {
  name: string;
  visibility?: 'sample' | 'hidden';
  weight?: number;
  steps: Step[];
}

function buildFunctionChallenge(tests: TestInput[], limits: Record<string, number> = {}): Challenge {
  return parseChallenge({
    'challenge.yaml': stringify({ slug: 'inline-function', title: 'Inline function challenge', kind: 'function', difficulty: 'junior', skills: ['testing'], expectedMinutes: 5, limits }),
    'README.md': '# inline',
    'starter.ts': 'export function f() {}',
    'solution.ts': 'export function f() {}',
    'tests.yaml': stringify({ tests: tests.map((t) => ({ visibility: 'hidden', ...t })) }),
  });
}

async function run(code: string, tests: TestInput[], limits = {}, language: 'typescript' | 'javascript' = 'typescript') {
  const { events, finished } = await judgeToResult(buildFunctionChallenge(tests, limits), { code, language });
  const byName = new Map(events.filter((e): e is TestFinished => e.type === 'test:finished').map((e) => [e.name, e]));
  return { finished, byName, events };
}

const messages = (byName: Map<string, TestFinished>) => JSON.stringify([...byName.values()].map((t) => [t.name, t.verdict, t.detail?.message]));

describe('function kind', function () {
  this.timeout(30_000);

  describe('tests.yaml', () => {
    it('refuses a call on an instance no earlier step made, and new without as, naming the line', () => {
      assert.throws(
        () => buildFunctionChallenge([{ name: 't', steps: [{ call: 'cache.get', args: ['a'] }] }]),
        (err: unknown) => err instanceof ChallengeFormatError && err.file === 'tests.yaml' && /cache is not made by an earlier new/.test(err.message) && err.line !== undefined,
      );
      assert.throws(() => buildFunctionChallenge([{ name: 't', steps: [{ new: 'Cache' }] }]), /new needs as/);
      assert.throws(() => buildFunctionChallenge([{ name: 't', steps: [{ call: 'f', expect: { returns: 1, throws: true } }] }]), /returns or throws, not both/);
      assert.throws(() => buildFunctionChallenge([{ name: 't', steps: [{ call: 'f', expect: { returns: { $regexx: 'a' } } }] }]), /regexx/);
    });

    it('an unknown kind is a format error naming challenge.yaml and the kinds there are', () => {
      assert.throws(
        () => parseChallenge({ 'challenge.yaml': stringify({ slug: 'x-y', title: 'Nope', kind: 'cobol', difficulty: 'junior', skills: ['a'], expectedMinutes: 5 }), 'README.md': '#' }),
        (err: unknown) => err instanceof ChallengeFormatError && err.field === 'kind' && /api, sql, function/.test(err.message),
      );
    });
  });

  describe('judging', () => {
    it('calls functions and methods, matches returns (with matchers) and thrown errors, captures values', async () => {
      const code = `
        export function add(a: number, b: number) { return a + b; }
        export async function later(x: string) { await Promise.resolve(); return { id: x.toUpperCase(), at: new Date().toISOString() }; }
        export function fail() { throw new RangeError('too big: 7'); }
        export class Counter { private n = 0; constructor(private step: number) {} inc() { this.n += this.step; return this.n; } }
        export function echo(v: unknown) { return v; }`;
      const { finished, byName } = await run(code, [
        { name: 'function', steps: [{ call: 'add', args: [2, 3], expect: { returns: 5 } }] },
        { name: 'async + matchers + capture', steps: [
          { call: 'later', args: ['ab'], expect: { returns: { id: 'AB', at: { $match: 'timestamp' } } }, capture: { id: '$.id' } },
          { call: 'echo', args: ['{{id}}'], expect: { returns: 'AB' } },
        ] },
        { name: 'throws', steps: [{ call: 'fail', expect: { throws: { name: 'RangeError', message: { $regex: '^too big' } } } }] },
        { name: 'class', steps: [{ new: 'Counter', as: 'c', args: [2] }, { call: 'c.inc' }, { call: 'c.inc', expect: { returns: 4 } }] },
        { name: 'subset', steps: [{ call: 'echo', args: [{ a: 1, b: 2 }], expect: { returns: { a: 1 }, match: 'subset' } }] },
      ]);
      assert.equal(finished.verdict, 'accepted', messages(byName));
    });

    it('wrong values are wrong_answer, with a diff; an unexpected throw is runtime_error with the candidate\'s line', async () => {
      const code = `export function add(a: number, b: number) {\n  return a - b;\n}\nexport function boom(): number {\n  const x: any = null;\n  return x.y;\n}`;
      const { byName } = await run(code, [
        { name: 'wrong', steps: [{ call: 'add', args: [2, 3], expect: { returns: 5 } }] },
        { name: 'threw', steps: [{ call: 'boom', expect: { returns: 1 } }] },
        { name: 'no throw', steps: [{ call: 'add', args: [1, 1], expect: { throws: true } }] },
        { name: 'missing export', steps: [{ call: 'nothing' }] },
      ]);
      assert.equal(byName.get('wrong')!.verdict, 'wrong_answer');
      assert.deepEqual(byName.get('wrong')!.detail!.steps![0].diff, ['returned: expected 5, got -1']);
      assert.equal(byName.get('threw')!.verdict, 'runtime_error');
      assert.match(byName.get('threw')!.detail!.message!, /TypeError/);
      assert.match(byName.get('threw')!.detail!.message!, /solution\.ts:6/);
      assert.equal(byName.get('no throw')!.verdict, 'wrong_answer');
      assert.equal(byName.get('missing export')!.verdict, 'runtime_error');
      assert.match(byName.get('missing export')!.detail!.message!, /exports no function nothing/);
    });

    it('a syntax error is a compile error with its position', async () => {
      const { finished } = await run('export function f() {\n  return 1 +;\n}', [{ name: 't', steps: [{ call: 'f' }] }]);
      assert.equal(finished.verdict, 'compile_error');
      assert.equal(finished.compileError?.line, 2);
    });

    it('a fresh module instance per test: module state does not carry over', async () => {
      const code = 'let calls = 0; export function count() { return ++calls; }';
      const tests = [1, 2, 3].map((i) => ({ name: `t${i}`, steps: [{ call: 'count', expect: { returns: 1 } }, { call: 'count', expect: { returns: 2 } }] }));
      const { finished, byName } = await run(code, tests);
      assert.equal(finished.verdict, 'accepted', messages(byName));
    });

    it('the virtual clock: Date follows clock and advanceMs, also on a clock-only first step', async () => {
      const code = 'export function now() { return [Date.now(), new Date().getTime()]; }';
      const { finished, byName } = await run(code, [
        { name: 'default', steps: [{ call: 'now', expect: { returns: [1_700_000_000_000, 1_700_000_000_000] } }, { advanceMs: 1500 }, { call: 'now', expect: { returns: [1_700_000_001_500, 1_700_000_001_500] } }] },
        { name: 'set', steps: [{ clock: 86_400_000 }, { call: 'now', expect: { returns: [86_400_000, 86_400_000] } }] },
      ]);
      assert.equal(finished.verdict, 'accepted', messages(byName));
    });

    it('Math.random is seeded per test: the same numbers for the same test on every run', async () => {
      const code = 'export function draw() { return [Math.random(), Math.random()]; }';
      const tests = [{ name: 'a', steps: [{ call: 'draw' }] }, { name: 'b', steps: [{ call: 'draw' }] }];
      const first = await run(code, tests);
      const second = await run(code, tests);
      const drawn = (r: typeof first, name: string) => (r.byName.get(name)!.detail!.steps![0].actual as { returned: number[] }).returned;
      assert.deepEqual(drawn(first, 'a'), drawn(second, 'a'));
      assert.notDeepEqual(drawn(first, 'a'), drawn(first, 'b'));
      assert.ok(drawn(first, 'a').every((x) => x >= 0 && x < 1));
    });

    it('limits: CPU time, memory, console output; the next test runs in a fresh sandbox', async () => {
      const code = `
        export function spin() { for (;;) {} }
        export function hog() { const a: number[][] = []; for (;;) a.push(new Array(1e6).fill(a.length)); }
        export function shout() { for (;;) console.log('y'.repeat(1000)); }
        export function ok() { return 'ok'; }`;
      const { byName } = await run(code, [
        { name: 'cpu', steps: [{ call: 'spin' }] },
        { name: 'after cpu', steps: [{ call: 'ok', expect: { returns: 'ok' } }] },
        { name: 'memory', steps: [{ call: 'hog' }] },
        { name: 'console', steps: [{ call: 'shout' }] },
        { name: 'after all', steps: [{ call: 'ok', expect: { returns: 'ok' } }] },
      ], { cpuMsPerTest: 200, memoryMb: 32 });
      assert.equal(byName.get('cpu')!.verdict, 'time_limit');
      assert.equal(byName.get('after cpu')!.verdict, 'accepted');
      assert.equal(byName.get('memory')!.verdict, 'memory_limit');
      assert.equal(byName.get('console')!.verdict, 'output_limit');
      assert.equal(byName.get('after all')!.verdict, 'accepted');
    });

    it('hostile return values (toJSON, throwing getters, cycles, a Proxy) become verdicts, never a harness failure', async () => {
      const code = `
        export function json() { return { toJSON() { return 'gotcha'; }, a: 1 }; }
        export function getter() { return { get x() { throw new Error('no'); } }; }
        export function cycle() { const o: any = {}; o.o = o; return o; }
        export function proxy() { return new Proxy({}, { ownKeys() { throw new Error('trap'); } }); }
        export function special() { return { m: new Map([['k', 1]]), s: new Set([2]), u: undefined, n: NaN, b: 10n, d: new Date(0) }; }
        export function requires() { return require('fs'); }`;
      const { byName } = await run(code, [
        { name: 'toJSON ignored', steps: [{ call: 'json', expect: { returns: { a: 1, toJSON: null } } }] },
        { name: 'getter', steps: [{ call: 'getter' }] },
        { name: 'cycle', steps: [{ call: 'cycle' }] },
        { name: 'proxy', steps: [{ call: 'proxy' }] },
        { name: 'special', steps: [{ call: 'special', expect: { returns: { m: [['k', 1]], s: [2], u: null, n: null, b: '10', d: '1970-01-01T00:00:00.000Z' } } }] },
        { name: 'require', steps: [{ call: 'requires' }] },
      ]);
      assert.equal(byName.get('toJSON ignored')!.verdict, 'accepted', messages(byName));
      assert.equal(byName.get('special')!.verdict, 'accepted', messages(byName));
      for (const name of ['getter', 'cycle', 'proxy', 'require']) assert.equal(byName.get(name)!.verdict, 'runtime_error', name);
      assert.match(byName.get('cycle')!.detail!.message!, /circular/);
      assert.match(byName.get('require')!.detail!.message!, /imports nothing/);
    });

    it('JavaScript submissions and default-exported objects', async () => {
      const { finished, byName } = await run('module.exports = { default: { twice: (x) => x * 2 } };', [{ name: 't', steps: [{ call: 'twice', args: [4], expect: { returns: 8 } }] }], {}, 'javascript');
      assert.equal(finished.verdict, 'accepted', messages(byName));
    });
  });

  describe('what candidates see', () => {
    it('sample tests whole, hidden tests counted; a hidden test\'s events carry neither its name nor its detail', async () => {
      const challenge = buildFunctionChallenge([
        { name: 'visible one', visibility: 'sample', steps: [{ call: 'f', args: ['SAMPLE-ARG'] }] },
        { name: 'secret case', visibility: 'hidden', steps: [{ call: 'f', args: ['HIDDEN-ARG'], expect: { returns: 'HIDDEN-EXPECTED' } }] },
      ]);
      const samples = getKind('function').publicSamples(challenge);
      assert.equal(samples.hiddenTests, 1);
      const text = JSON.stringify(samples);
      assert.ok(text.includes('SAMPLE-ARG'));
      for (const secret of ['secret case', 'HIDDEN-ARG', 'HIDDEN-EXPECTED']) assert.ok(!text.includes(secret), secret);
      const { events } = await judgeToResult(challenge, { code: 'export function f(x) { return x; }', language: 'typescript' });
      const seen = JSON.stringify(events.map((e) => candidateView(e)));
      for (const secret of ['secret case', 'HIDDEN-ARG', 'HIDDEN-EXPECTED']) assert.ok(!seen.includes(secret), secret);
    });
  });

  describe('similarity', () => {
    it('tokenizes with the JavaScript tokenizer: renamed identifiers and changed literals give the same tokens', () => {
      const kind = getKind('function');
      assert.equal(tokenizerFor('typescript'), kind.tokenize);
      const a = kind.tokenize('export function f(xs: number[]) { return xs.map((x) => x * 2); }').map((t) => t.text);
      const b = kind.tokenize('export function g(items: number[]) {\n  return items.map((i) => i * 3);\n}').map((t) => t.text);
      assert.deepEqual(a, b);
    });
  });

  describe('bundled challenges', () => {
    it('five or more, each with its reference accepted (validation judges the wrong solutions)', async () => {
      const dirs = (await Promise.all((await listChallengeDirs(ROOT)).map(loadChallenge))).filter((c) => c.meta.kind === 'function');
      assert.ok(dirs.length >= 5, `${dirs.length} function challenges`);
      for (const challenge of dirs) {
        assert.ok(challenge.wrong.length >= 2, challenge.slug);
        const { finished } = await judgeToResult(challenge, { code: challenge.solution.code, language: 'typescript' });
        assert.equal(finished.verdict, 'accepted', challenge.slug);
      }
    });
  });
});
