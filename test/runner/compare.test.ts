import assert from 'node:assert/strict';
import { compareHeaders, compareJson, jsonMatches } from '../../runner/compare';

describe('compareJson', () => {
  it('accepts equal values and reports nothing', () => {
    assert.deepEqual(compareJson({ a: [1, { b: null }], c: 'x' }, { c: 'x', a: [1, { b: null }] }), []);
    assert.ok(jsonMatches(0, -0));
  });

  it('names the path of each difference', () => {
    assert.deepEqual(compareJson({ items: [{ id: 1 }, { id: 2 }] }, { items: [{ id: 1 }, { id: 3 }] }), ['$.items[1].id: expected 2, got 3']);
    assert.deepEqual(compareJson({ 'odd key': 1 }, {}), ['$["odd key"]: missing (expected 1)']);
  });

  it('reports type and length mismatches', () => {
    assert.deepEqual(compareJson([1, 2], [1]), ['$: expected 2 items, got 1']);
    assert.deepEqual(compareJson({ a: 1 }, [1]), ['$: expected {"a":1}, got [1]']);
    assert.deepEqual(compareJson('1', 1), ['$: expected "1", got 1']);
    assert.deepEqual(compareJson(null, undefined), ['$: expected null, got nothing']);
  });

  it('exact mode rejects extra keys, subset mode allows them at every depth', () => {
    assert.deepEqual(compareJson({ a: 1 }, { a: 1, b: 2 }), ['$.b: unexpected (got 2)']);
    assert.deepEqual(compareJson({ a: { b: 1 } }, { a: { b: 1, c: 2 }, d: 3 }, 'subset'), []);
    assert.deepEqual(compareJson([{ id: 1 }], [{ id: 1, extra: true }], 'subset'), []);
    assert.deepEqual(compareJson({ a: { b: 1 } }, { a: { c: 2 } }, 'subset'), ['$.a.b: missing (expected 1)']);
  });

  it('caps the diff and shortens long values', () => {
    const expected = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]));
    assert.equal(compareJson(expected, {}).length, 20);
    const [line] = compareJson('x'.repeat(500), 'y');
    assert.ok(line.length < 300);
  });
});

describe('compareHeaders', () => {
  it('matches names case-insensitively and values exactly', () => {
    assert.deepEqual(compareHeaders({ Location: '/todos/1' }, { location: '/todos/1' }), []);
    assert.deepEqual(compareHeaders({ 'Retry-After': '8' }, { 'retry-after': '7' }), ['header Retry-After: expected "8", got "7"']);
    assert.deepEqual(compareHeaders({ 'X-A': '1' }, {}), ['header X-A: missing (expected "1")']);
  });

  it('null asserts absence', () => {
    assert.deepEqual(compareHeaders({ 'retry-after': null }, {}), []);
    assert.deepEqual(compareHeaders({ 'retry-after': null }, { 'retry-after': '3' }), ['header retry-after: expected absent, got "3"']);
  });
});

describe('compareHeaders with matchers', () => {
  it('tests a header value with a matcher, numbers read from it', () => {
    assert.deepEqual(compareHeaders({ ETag: { $regex: '^W/"' } }, { etag: 'W/"5-abc"' }), []);
    assert.deepEqual(compareHeaders({ 'Content-Length': { $gte: 1 } }, { 'content-length': '12' }), []);
    assert.deepEqual(compareHeaders({ 'Last-Modified': { $match: 'http-date' } }, { 'last-modified': 'yesterday' }), [
      'header Last-Modified: expected a http-date, got "yesterday"',
    ]);
    assert.deepEqual(compareHeaders({ 'Retry-After': { $type: 'string' } }, {}), ['header Retry-After: expected of type string, got nothing']);
  });

  it('{$absent: true} asserts absence like null', () => {
    assert.deepEqual(compareHeaders({ 'X-Powered-By': { $absent: true } }, {}), []);
    assert.deepEqual(compareHeaders({ 'X-Powered-By': { $absent: true } }, { 'x-powered-by': 'Express' }), ['header X-Powered-By: expected absent, got "Express"']);
  });
});

describe('compareJson with matchers', () => {
  it('applies matchers anywhere in the expected body', () => {
    assert.deepEqual(compareJson({ items: [{ id: { $type: 'integer' }, at: { $match: 'timestamp' } }] }, { items: [{ id: 4, at: '2024-06-10T06:13:20Z' }] }), []);
    assert.deepEqual(compareJson({ items: { $len: 2 } }, { items: [1] }, 'exact', 'body'), ['body.items: expected of length 2, got [1]']);
  });
});
