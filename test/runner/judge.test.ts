import assert from 'node:assert/strict';
import { judge, judgeToResult, collectEvents } from '../../runner/judge';
import type { TestFinished } from '../../runner/types';
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
