import assert from 'node:assert/strict';
import { sameOriginVerdict } from '../../../server/http/sameOrigin';

describe('sameOriginVerdict', () => {
  const host = 'assay.example:8080';
  const cases: Array<[string, Record<string, string>, 'same' | 'cross' | 'unknown', string?]> = [
    ['Origin of the Host the request was sent to', { host, origin: 'http://assay.example:8080' }, 'same'],
    ['Origin compared case-insensitively', { host, origin: 'http://ASSAY.example:8080' }, 'same'],
    ['another origin', { host, origin: 'https://evil.example' }, 'cross'],
    ['the same host on another port', { host, origin: 'http://assay.example:9090' }, 'cross'],
    ['Origin: null (sandboxed frame, file:)', { host, origin: 'null' }, 'cross'],
    ['PUBLIC_URL behind a proxy that rewrites Host', { host: '127.0.0.1:3000', origin: 'https://assay.example' }, 'same', 'https://assay.example/'],
    ['Origin decides over Sec-Fetch-Site', { host, origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' }, 'cross'],
    ['Sec-Fetch-Site: same-origin', { host, 'sec-fetch-site': 'same-origin' }, 'same'],
    ['Sec-Fetch-Site: none (typed by the user)', { host, 'sec-fetch-site': 'none' }, 'same'],
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', { host, 'sec-fetch-site': 'same-site' }, 'cross'],
    ['Sec-Fetch-Site: cross-site', { host, 'sec-fetch-site': 'cross-site' }, 'cross'],
    ['neither header (curl, the CLI, a test client)', { host }, 'unknown'],
  ];
  for (const [what, headers, expected, publicUrl] of cases)
    it(`${what}: ${expected}`, () => assert.equal(sameOriginVerdict(headers, publicUrl), expected));
});
