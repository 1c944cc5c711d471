import assert from 'node:assert/strict';
import { jsonDepth } from '../../runner/jsonDepth';

describe('jsonDepth', () => {
  it('counts nesting of arrays and objects, not brackets inside strings', () => {
    assert.equal(jsonDepth('1'), 0);
    assert.equal(jsonDepth('{"a":[1,{"b":[]}]}'), 4);
    assert.equal(jsonDepth('{"a":"[[[[{{{{"}'), 1);
    assert.equal(jsonDepth('["\\\\", "\\"[[["]'), 1);
    assert.equal(jsonDepth('['.repeat(100_000) + ']'.repeat(100_000)), 100_000);
  });
});
