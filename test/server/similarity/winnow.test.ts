import assert from 'node:assert/strict';
import { tokenizeJs } from '../../../server/similarity/tokenize';
import { fingerprint, winnow } from '../../../server/similarity/winnow';
import { ORIGINAL } from './sources';

describe('winnowing', () => {
  it('selects at least one fingerprint per window of w k-grams', () => {
    const tokens = tokenizeJs(ORIGINAL);
    const k = 5;
    const w = 4;
    const prints = winnow(tokens, { k, w });
    const grams = tokens.length - k + 1;
    for (let start = 0; start + w <= grams; start++) {
      assert.ok(
        prints.some((p) => p.position >= start && p.position < start + w),
        `window at ${start} has no fingerprint`,
      );
    }
    // Positions strictly increase: each selected k-gram is recorded once.
    for (let i = 1; i < prints.length; i++) assert.ok(prints[i].position > prints[i - 1].position);
  });

  it('is deterministic and independent of names', () => {
    const a = fingerprint('const a = b + c * 2; return a;', 'typescript', { k: 3, w: 2 });
    const b = fingerprint('const x=y+z*9;\nreturn x;', 'typescript', { k: 3, w: 2 });
    assert.deepEqual(
      a.fingerprints.map((f) => f.hash),
      b.fingerprints.map((f) => f.hash),
    );
  });

  it('gives a short source its minimum and an empty one nothing', () => {
    assert.equal(winnow(tokenizeJs('a + b;'), { k: 2, w: 10 }).length, 1);
    assert.equal(winnow(tokenizeJs('a'), { k: 2, w: 10 }).length, 0);
    assert.equal(winnow([], { k: 2, w: 10 }).length, 0);
  });
});
