import assert from 'node:assert/strict';
import { scoreOf, summarize } from '../../runner/summary';
import type { TestFinished } from '../../runner/types';

const test = (index: number, verdict: TestFinished['verdict'], points: number, maxPoints: number): TestFinished => ({
  type: 'test:finished',
  index,
  name: `t${index}`,
  visibility: 'hidden',
  verdict,
  points,
  maxPoints,
  cpuMs: 1,
  wallMs: 1,
});

describe('runner/summary', () => {
  describe('scoreOf', () => {
    it('is the share of points, with two decimals', () => {
      assert.equal(scoreOf(1, 3, 1, 3), 33.33);
      assert.equal(scoreOf(2, 3, 2, 3), 66.67);
      assert.equal(scoreOf(3, 3, 3, 3), 100);
    });

    it('with nothing to score (samples only) is the share of tests passed; with no tests, 0', () => {
      assert.equal(scoreOf(0, 0, 1, 3), 33.33);
      assert.equal(scoreOf(0, 0, 0, 0), 0);
    });
  });

  it('summarize scores with scoreOf, so the judge and the pool agree', () => {
    const tests = [test(0, 'accepted', 2, 2), test(1, 'wrong_answer', 0, 1), test(2, 'accepted', 1, 4)];
    const finished = summarize(tests, 3, 10);
    assert.equal(finished.score, scoreOf(3, 7, 2, 3));
    assert.equal(finished.score, 42.86);
    assert.equal(finished.verdict, 'wrong_answer');
  });
});
