// A counted submission as the similarity index stores it: its set of winnowed fingerprints minus the starter
// code's, as sorted signed 32-bit integers (what an integer column holds), and a digest of that set so that
// identical sets (the same answer, even with renamed variables: identifiers are normalised) are stored once.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { loadChallengeVersion } from '../challenges/versionLoader';
import { cachedFingerprint } from '../queries/reviewSimilarity';

export interface SimilarityDocument {
  hashes: number[];
  /** null when nothing is left after the starter code is removed: such documents match nothing. */
  digest: string | null;
}

export function documentOf(code: string, language: string, excluded: ReadonlySet<number>): SimilarityDocument {
  const set = new Set<number>();
  for (const f of cachedFingerprint(code, language).fingerprints) if (!excluded.has(f.hash)) set.add(f.hash | 0);
  const hashes = [...set].sort((a, b) => a - b);
  if (!hashes.length) return { hashes, digest: null };
  return { hashes, digest: createHash('sha1').update(hashes.join(',')).digest('hex') };
}

// A challenge version never changes once published, so its starter's fingerprints can be kept for the process.
const starters = new Map<string, Set<number>>();

export async function starterHashes(knex: Knex, versionId: number, language: string): Promise<Set<number>> {
  const key = `${versionId}:${language}`;
  let hit = starters.get(key);
  if (!hit) {
    hit = new Set();
    try {
      const challenge = await loadChallengeVersion(knex, versionId);
      for (const f of cachedFingerprint(challenge.starter.code, language).fingerprints) hit.add(f.hash);
    } catch {
      // A version that no longer parses has no starter to exclude; the comparison still runs.
    }
    if (starters.size > 1000) starters.clear();
    starters.set(key, hit);
  }
  return hit;
}

/** Jaccard similarity and containment from set sizes and the size of their intersection, rounded like compare.ts. */
export function setScores(shared: number, a: number, b: number): { similarity: number; containment: number } {
  const union = a + b - shared;
  const smaller = Math.min(a, b);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { similarity: round(union ? shared / union : 0), containment: round(smaller ? shared / smaller : 0) };
}
