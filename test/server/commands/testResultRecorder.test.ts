import assert from 'node:assert/strict';
import { capDetail, capFinished, DETAIL_CAP_BYTES } from '../../../server/commands/testResultRecorder';
import type { TestDetail } from '../../../runner/types';

const size = (v: unknown) => Buffer.byteLength(JSON.stringify(v));

describe('testResultRecorder caps', () => {
  it('keeps a detail under the cap as it is', () => {
    const detail: TestDetail = { message: 'status: expected 201, got 200', steps: [{ request: { method: 'GET', path: '/todos' }, passed: false }] };
    assert.equal(capDetail(detail), detail);
  });

  it('cuts long strings and long lists of an oversized detail, keeps its shape and marks it truncated', () => {
    const detail: TestDetail = {
      message: 'body differs',
      console: 'c'.repeat(3_000_000),
      steps: Array.from({ length: 200 }, (_, i) => ({ request: { method: 'GET', path: `/todos/${i}` }, actual: { headers: { 'x-pad': 'h'.repeat(100_000) } }, passed: false })),
    };
    const capped = capDetail(detail);
    assert.ok(size(capped) <= DETAIL_CAP_BYTES, `${size(capped)} bytes`);
    assert.equal(capped.truncated, true);
    assert.equal(capped.message, 'body differs');
    assert.ok(Array.isArray(capped.steps) && capped.steps.length > 0);
  });

  it('cuts a detail of huge objects (thousands of keys per step) within the cap, quickly', () => {
    const wide = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, { v: i }]));
    const capped = capDetail({ steps: Array.from({ length: 60 }, () => ({ request: wide, actual: wide, passed: false })) }, 1024);
    assert.ok(size(capped) <= 1024);
    assert.equal(capped.truncated, true);
  });

  it("caps a finished event's free text (a compile error quoting the code)", () => {
    const finished = capFinished({ type: 'submission:finished', verdict: 'compile_error', points: 0, maxPoints: 1, score: 0, passed: 0, total: 1, wallMs: 1, compileError: { message: 'x'.repeat(1_000_000), line: 1 } });
    assert.ok(finished.compileError!.message.length < 5000);
    assert.equal(finished.compileError!.line, 1);
  });
});
