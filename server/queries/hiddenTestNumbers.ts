// Each hidden test's number among the hidden tests of a challenge version, the name candidates see
// ("hidden test N"). Read from the version's own test list (a sample may come after hidden tests, so the
// numbers cannot be worked out from the visibilities a candidate has seen so far). Versions are immutable.
import type { Knex } from 'knex';
import { hiddenTestNumbers, type HiddenTestNumbers } from '../../runner/events';
import { getKind } from '../../runner/kinds';
import { loadChallengeVersion } from '../challenges/versionLoader';

const cache = new Map<number, HiddenTestNumbers>();
const CACHE_MAX = 500;

export async function hiddenTestNumbersOf(knex: Knex, versionId: number): Promise<HiddenTestNumbers> {
  const hit = cache.get(versionId);
  if (hit) return hit;
  const challenge = await loadChallengeVersion(knex, versionId);
  const numbers = hiddenTestNumbers(getKind(challenge.meta.kind).tests(challenge));
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(versionId, numbers);
  return numbers;
}
