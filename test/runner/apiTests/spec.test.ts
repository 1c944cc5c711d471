// The tests.yaml additions as the challenge parser sees them: file/line errors for captures and matchers.
import assert from 'node:assert/strict';
import { stringify } from 'yaml';
import { ChallengeFormatError, parseChallenge } from '../../../runner/challenge';

function parseTests(testsYaml: string) {
  return parseChallenge({
    'challenge.yaml': stringify({ slug: 'inline-api', title: 'Inline API challenge', kind: 'api', difficulty: 'junior', skills: ['testing'], expectedMinutes: 5 }),
    'README.md': '# inline',
    'starter.ts': 'export default () => {};',
    'solution.ts': 'export default () => {};',
    'tests.yaml': testsYaml,
  });
}

function formatError(testsYaml: string): string {
  try {
    parseTests(testsYaml);
  } catch (err) {
    assert.ok(err instanceof ChallengeFormatError);
    return err.message;
  }
  assert.fail('expected a format error');
}

const TWO_STEPS = `tests:
  - name: login then read
    visibility: hidden
    steps:
      - request: { method: POST, path: /login, body: { user: ada } }
        expect: { status: 200, body: { token: { $regex: '^tok_' } } }
        capture: { token: $.token }
      - request: { method: GET, path: /me, headers: { Authorization: 'Bearer {{token}}' } }
        expect: { status: 200, headers: { x-powered-by: { $absent: true }, etag: null } }
`;

describe('tests.yaml: captures, matchers, raw bodies', () => {
  it('parses captures, matchers and raw bodies', () => {
    const c = parseTests(TWO_STEPS);
    assert.deepEqual(c.api!.tests[0].steps[0].capture, { token: '$.token' });
    const raw = parseTests(`tests:
  - name: malformed
    visibility: hidden
    steps:
      - request: { method: POST, path: /x, headers: { content-type: application/json }, rawBody: '{"a":' }
        expect: { status: 400 }
`);
    assert.equal(raw.api!.tests[0].steps[0].request.rawBody, '{"a":');
  });

  it('rejects a placeholder nobody captured earlier, at its line', () => {
    const text = TWO_STEPS.replace('capture: { token: $.token }', 'capture: { tok: $.token }');
    assert.equal(formatError(text), 'tests.yaml:8 (tests.0.steps.1.request.headers.Authorization): {{token}} is not captured by an earlier step of this test');
  });

  it('rejects an unknown matcher and a bad capture source, at their lines', () => {
    assert.match(formatError(TWO_STEPS.replace('$regex', '$regexp')), /^tests\.yaml:6 \(tests\.0\.steps\.0\.expect\.body\.token\.\$regexp\): \$regexp: unknown matcher/);
    assert.match(formatError(TWO_STEPS.replace('$.token }', 'token }')), /^tests\.yaml:7 \(tests\.0\.steps\.0\.capture\.token\): "token" is not a capture source/);
    assert.match(formatError(TWO_STEPS.replace("$absent: true", '$absent: yes')), /^tests\.yaml:9 \(tests\.0\.steps\.1\.expect\.headers\.x-powered-by\.\$absent\): \$absent: takes true/);
  });

  it('rejects body and rawBody together', () => {
    assert.match(formatError(`tests:
  - name: both
    visibility: hidden
    steps:
      - request: { method: POST, path: /x, body: {}, rawBody: '{}' }
        expect: { status: 400 }
`), /^tests\.yaml:5 \(tests\.0\.steps\.0\.request\): a request has body or rawBody, not both/);
  });
});
