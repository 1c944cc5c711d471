// Each hidden test's number among the hidden tests of a challenge version, the name candidates see
// ("hidden test N"). Read from the version's own test list (a sample may come after hidden tests, so the
// numbers cannot be worked out from the visibilities a candidate has seen so far). Versions are immutable.
import type { Knex } from 'knex';
import { hiddenTestNumbers, type HiddenTestNumbers } from '../../runner/events';
import { loadChallengeVersion } from '../challenges/versionLoader';

const cache = new Map<number, HiddenTestNumbers>();
const CACHE_MAX = 500;

export async function hiddenTestNumbersOf(knex: Knex, versionId: number): Promise<HiddenTestNumbers> {
  const hit = cache.get(versionId);
  if (hit) return hit;
  const challenge = await loadChallengeVersion(knex, versionId);
  // The same lists, in the same order, as the kinds' tests() (runner/kinds/api.ts, runner/kinds/sql.ts).
  const tests = challenge.meta.kind === 'sql' ? (challenge.sql?.datasets ?? []) : (challenge.api?.tests ?? []);
  const numbers = hiddenTestNumbers(tests.map((t, index) => ({ index, visibility: t.visibility })));
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(versionId, numbers);
  return numbers;
}
