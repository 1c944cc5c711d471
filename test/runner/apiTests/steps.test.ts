import assert from 'node:assert/strict';
import { capture, compareStep, parsedRawBody, resolveExpect, resolveRequest } from '../../../runner/apiTests/steps';
import { apiStepSchema } from '../../../runner/spec';

function step(raw: unknown) {
  return apiStepSchema.parse(raw);
}

describe('API test steps', () => {
  it('resolves a request with captured values', () => {
    const s = step({ request: { method: 'GET', path: '/users/{{slug}}/repos', headers: { Authorization: 'Bearer {{token}}' }, query: { since: '{{id}}' } }, expect: {} });
    assert.deepEqual(resolveRequest(s.request, { slug: 'ada lovelace', token: 't1', id: 4 }), {
      method: 'GET',
      path: '/users/ada%20lovelace/repos',
      headers: { Authorization: 'Bearer t1' },
      query: { since: '4' },
    });
    const lead = step({ request: { method: 'GET', path: '{{where}}/comments' }, expect: {} });
    assert.equal(resolveRequest(lead.request, { where: '/issues/7' }).path, '/issues/7/comments');
    const raw = step({ request: { method: 'POST', path: '/x', headers: { 'content-type': 'application/json' }, rawBody: '{"id": {{id}}' }, expect: {} });
    assert.equal(resolveRequest(raw.request, { id: 4 }).rawBody, '{"id": 4');
  });

  it('compares status, headers and body, substituted, in that order', () => {
    const s = step({
      request: { method: 'GET', path: '/x' },
      expect: { status: 200, headers: { etag: '{{etag}}', 'x-powered-by': { $absent: true } }, body: { id: '{{id}}', at: { $match: 'timestamp' } } },
    });
    const expect = resolveExpect(s.expect, { etag: '"v1"', id: 3 });
    const ok = { status: 200, headers: { etag: '"v1"' }, body: { id: 3, at: '2024-01-01T00:00:00.000Z' } };
    assert.deepEqual(compareStep(expect, ok), []);
    const bad = { status: 201, headers: { etag: '"v2"', 'X-Powered-By': 'Express' }, body: { id: '3', at: 'now' } };
    assert.deepEqual(compareStep(expect, bad), [
      'status: expected 200, got 201',
      'header etag: expected "\\"v1\\"", got "\\"v2\\""',
      'header x-powered-by: expected absent, got "Express"',
      'body.id: expected 3, got "3"',
      'body.at: expected an ISO-8601 timestamp, got "now"',
    ]);
  });

  it('captures into the variables, and reports what the response lacks', () => {
    const s = step({ request: { method: 'POST', path: '/login' }, expect: {}, capture: { token: '$.token', loc: 'headers.location' } });
    const vars: Record<string, unknown> = {};
    assert.deepEqual(capture(s.capture, { status: 200, headers: { location: '/me' }, body: { token: 'abc' } }, vars), []);
    assert.deepEqual(vars, { token: 'abc', loc: '/me' });
    assert.deepEqual(capture(s.capture, { status: 200, headers: {}, body: 'text' }, {}), [
      'capture token: $.token: no "token" in "text"',
      'capture loc: headers.location: the response has no location header',
    ]);
  });

  it('gives the look-alike harness what it can parse of a raw body', () => {
    assert.deepEqual(parsedRawBody('{"a":1}', { 'Content-Type': 'application/json' }), { a: 1 });
    assert.equal(parsedRawBody('{"a":', { 'content-type': 'application/json' }), '{"a":');
    assert.deepEqual(parsedRawBody('a=1&b=x&b=y', { 'content-type': 'application/x-www-form-urlencoded' }), { a: '1', b: ['x', 'y'] });
    assert.equal(parsedRawBody('hello', { 'content-type': 'text/plain' }), 'hello');
  });
});
