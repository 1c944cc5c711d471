import assert from 'node:assert/strict';
import { extract, parseCaptureSource, placeholders, substituteJson, substituteText, type CaptureSource } from '../../../runner/apiTests/captures';

function source(text: string): CaptureSource {
  const s = parseCaptureSource(text);
  if (typeof s === 'string') throw new Error(s);
  return s;
}

const response = {
  status: 201,
  headers: { ETag: '"v1"', location: '/items/7' },
  body: { token: 'tok_1', items: [{ id: 7 }, { id: 9, 'odd key': true }] },
};

describe('captures', () => {
  it('parses body paths, headers and status', () => {
    assert.deepEqual(source('$.items[0].id'), { from: 'body', segments: ['items', 0, 'id'], text: '$.items[0].id' });
    assert.deepEqual(source('body.items[-1]["odd key"]').from, 'body');
    assert.deepEqual(source('headers.ETag'), { from: 'header', name: 'etag', text: 'headers.ETag' });
    assert.deepEqual(source('status'), { from: 'status', text: 'status' });
    assert.match(parseCaptureSource('token') as string, /not a capture source/);
    assert.match(parseCaptureSource('body.items[x]') as string, /cannot read the path at "\[x\]"/);
  });

  it('extracts values, or says why it cannot', () => {
    assert.deepEqual(extract(source('$.token'), response), { value: 'tok_1' });
    assert.deepEqual(extract(source('body.items[-1]["odd key"]'), response), { value: true });
    assert.deepEqual(extract(source('body.items[0]'), response), { value: { id: 7 } });
    assert.deepEqual(extract(source('headers.etag'), response), { value: '"v1"' });
    assert.deepEqual(extract(source('status'), response), { value: 201 });
    assert.deepEqual(extract(source('body.items[5].id'), response), { error: 'body.items[5].id: index 5 is outside an array of 2 items' });
    assert.deepEqual(extract(source('$.missing'), response), { error: '$.missing: no "missing" in {"token":"tok_1","items":[{"id":7},{"id":9,"odd key":true}]}' });
    assert.deepEqual(extract(source('headers.x-request-id'), response), { error: 'headers.x-request-id: the response has no x-request-id header' });
  });

  it('substitutes whole placeholders with their typed value and partial ones with their text', () => {
    const vars = { id: 7, token: 'tok_1', obj: { a: 1 } };
    assert.deepEqual(substituteJson({ id: '{{id}}', ref: 'item-{{ id }}', o: '{{obj}}', keep: '{{nope}}' }, vars), { id: 7, ref: 'item-7', o: { a: 1 }, keep: '{{nope}}' });
    assert.equal(substituteText('Bearer {{token}}', vars), 'Bearer tok_1');
    assert.equal(substituteText('/files/{{p}}', { p: 'a/b c' }, encodeURIComponent), '/files/a%2Fb%20c');
  });

  it('leaves $regex and $schema arguments as written, and substitutes other matcher arguments', () => {
    const vars = { id: 7 };
    assert.deepEqual(substituteJson({ $regex: '^{{id}}$' }, vars), { $regex: '^{{id}}$' });
    assert.deepEqual(substituteJson({ $contains: { id: '{{id}}' } }, vars), { $contains: { id: 7 } });
  });

  it('lists placeholders with their place', () => {
    assert.deepEqual(placeholders({ path: '/a/{{id}}', headers: { authorization: 'Bearer {{token}}' } }, ['request']), [
      { name: 'id', path: ['request', 'path'] },
      { name: 'token', path: ['request', 'headers', 'authorization'] },
    ]);
  });
});
