import assert from 'node:assert/strict';
import { candidateView, hiddenTestNumbers } from '../../../runner/events';
import type { TestFinished } from '../../../runner/types';
import { presentLiveEvent, presentTestResult } from '../../../server/presenters/submission';
import { type TestResultRow } from '../../../server/rows';

// A sample after hidden tests, as the spec allows.
const numbers = hiddenTestNumbers([
  { index: 0, visibility: 'sample' },
  { index: 1, visibility: 'hidden' },
  { index: 2, visibility: 'sample' },
  { index: 3, visibility: 'hidden' },
]);

const finished = (index: number, visibility: 'sample' | 'hidden', name: string): TestFinished => ({
  type: 'test:finished',
  index,
  name,
  visibility,
  verdict: 'wrong_answer',
  points: 0,
  maxPoints: 1,
  cpuMs: 1.37,
  wallMs: 2.51,
  detail: { message: `expected ${name}`, steps: [{ request: { path: '/secret' }, passed: false }] },
});

const rowOf = (e: TestFinished): TestResultRow => ({
  test_index: e.index,
  name: e.name,
  visibility: e.visibility,
  verdict: e.verdict,
  points: e.points,
  max_points: e.maxPoints,
  cpu_ms: e.cpuMs,
  wall_ms: e.wallMs,
  detail: JSON.stringify(e.detail),
});

describe('submission presenter: one redaction rule', () => {
  it('numbers hidden tests among the hidden ones', () => {
    assert.deepEqual([...numbers], [[1, 1], [3, 2]]);
  });

  it('a stored result and its live event look the same to a candidate: "hidden test N", no detail, whole ms', () => {
    const event = finished(3, 'hidden', 'rejects the admin password hunter2');
    const { submissionId: _s, seq: _q, type: _t, ...live } = presentLiveEvent({ submissionId: 1, seq: 5, event }, 'candidate', numbers) as Record<string, unknown>;
    const stored = presentTestResult(rowOf(event), 'candidate', numbers);
    assert.deepEqual(stored, live);
    assert.deepEqual(stored, { index: 3, name: 'hidden test 2', visibility: 'hidden', verdict: 'wrong_answer', points: 0, maxPoints: 1, cpuMs: 1, wallMs: 3 });
    const { type: _type, ...expected } = candidateView(event, numbers);
    assert.deepEqual(stored, expected);
  });

  it('a candidate keeps a sample test its name and detail, timings in whole ms', () => {
    const shown = presentTestResult(rowOf(finished(2, 'sample', 'unknown todo is 404')), 'candidate', numbers);
    assert.equal(shown.name, 'unknown todo is 404');
    assert.equal(shown.detail?.message, 'expected unknown todo is 404');
    assert.equal(shown.cpuMs, 1);
  });

  it('recruiters, admins and staff owners see the real name, the detail and exact timings', () => {
    const shown = presentTestResult(rowOf(finished(3, 'hidden', 'rejects the admin password hunter2')), 'full', numbers);
    assert.equal(shown.name, 'rejects the admin password hunter2');
    assert.equal(shown.cpuMs, 1.37);
    assert.ok(shown.detail);
  });

  it('a started event of a hidden test is renamed too', () => {
    const shown = presentLiveEvent({ submissionId: 1, seq: 1, event: { type: 'test:started', index: 1, name: 'uses hunter2', visibility: 'hidden' } }, 'candidate', numbers);
    assert.equal((shown as { name: string }).name, 'hidden test 1');
  });
});
