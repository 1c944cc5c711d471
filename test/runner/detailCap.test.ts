import assert from 'node:assert/strict';
import { capDetail, DetailCap, MIN_DETAIL_BYTES, SUBMISSION_DETAIL_BYTES, TEST_DETAIL_BYTES } from '../../runner/detailCap';
import type { TestDetail } from '../../runner/types';

const bytes = (d: TestDetail) => Buffer.byteLength(JSON.stringify(d));

describe('capDetail', () => {
  it('returns detail within the cap as it is', () => {
    const detail: TestDetail = { message: 'm', console: 'c', steps: [{ request: { a: 1 }, passed: true }] };
    assert.equal(capDetail(detail, 1024).detail, detail);
  });

  it('cuts strings, arrays, objects and depth until the JSON fits, and marks it truncated', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    const shapes: TestDetail[] = [
      { message: 'x'.repeat(200_000) },
      { console: '\u0000'.repeat(100_000) },
      { steps: [{ request: {}, actual: Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i])), passed: false }] },
      { steps: Array.from({ length: 5000 }, () => ({ request: { path: '/x' }, diff: ['d'.repeat(100)], passed: false })) },
      { steps: [{ request: {}, actual: deep, passed: false }] },
      { actualRows: Array.from({ length: 100_000 }, (_, i) => ({ id: i, name: 'n'.repeat(20) })) },
    ];
    for (const shape of shapes) {
      const { detail, bytes: size } = capDetail(shape, TEST_DETAIL_BYTES);
      assert.equal(detail.truncated, true);
      assert.equal(size, bytes(detail));
      assert.ok(size <= TEST_DETAIL_BYTES, `${size} bytes`);
    }
  });

  it('keeps at most 1 MB for a submission, then a short message per test', () => {
    const cap = new DetailCap();
    let total = 0;
    for (let i = 0; i < 40; i++) total += bytes(cap.cap({ message: `test ${i}`, console: 'c'.repeat(100_000) }));
    assert.ok(total <= SUBMISSION_DETAIL_BYTES + 40 * MIN_DETAIL_BYTES, `${total}`);
    const last = cap.cap({ message: 'late', console: 'c'.repeat(100_000) });
    assert.equal(last.message, 'late');
    assert.equal(last.truncated, true);
    assert.ok(bytes(last) <= MIN_DETAIL_BYTES);
  });
});
