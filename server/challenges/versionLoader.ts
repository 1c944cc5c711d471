// A stored challenge version as the runner's Challenge. Versions are immutable, so parsed ones are cached.
import type { Knex } from 'knex';
import { parseChallenge, type Challenge, type ChallengeFiles } from '../../runner/challenge';
import { getKind } from '../../runner/kinds';
import { notFound } from '../errors';

const cache = new Map<number, Challenge>();
const CACHE_MAX = 200;

export async function loadChallengeVersion(knex: Knex, versionId: number): Promise<Challenge> {
  const hit = cache.get(versionId);
  if (hit) return hit;
  const row = await knex('challenge_versions').where({ id: versionId }).first('files', 'expected');
  if (!row) throw notFound(`challenge version ${versionId} not found`);
  let challenge = parseChallenge(row.files as ChallengeFiles);
  const precomputed = getKind(challenge.meta.kind).precomputed;
  if (precomputed && row.expected) challenge = precomputed.attach(challenge, row.expected);
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(versionId, challenge);
  return challenge;
}

/** Validation stores expected results on a version after it was first loaded. */
export function forgetChallengeVersion(versionId: number): void {
  cache.delete(versionId);
}
