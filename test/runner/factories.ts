// Small builders for runner tests: a challenge from inline tests, without a folder.
import { stringify } from 'yaml';
import { parseChallenge, type Challenge } from '../../runner/challenge';
import type { ApiTest } from '../../runner/spec';

type TestInput = Omit<ApiTest, 'weight' | 'steps'> & { weight?: number; steps: Array<Record<string, unknown>> };

export function buildApiChallenge(tests: TestInput[], limits: Record<string, number> = {}, slug = 'inline-api'): Challenge {
  return parseChallenge({
    'challenge.yaml': stringify({ slug, title: 'Inline API challenge', kind: 'api', difficulty: 'junior', skills: ['testing'], expectedMinutes: 5, limits }),
    'README.md': '# inline',
    'starter.ts': 'export default () => {};',
    'solution.ts': 'export default () => {};',
    'tests.yaml': stringify({ tests }),
  });
}

export function get(path: string, expect: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...extra, request: { method: 'GET', path }, expect };
}
