// Similarity of two submissions side by side (the compare page), with matching regions. The assessment-wide
// report is not computed here: server/similarity/recorder.ts stores it when submissions are scored and
// server/similarity/groups.ts reads it. Fingerprints are cached by the code's content hash (a submission's code
// never changes).
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { loadChallengeVersion } from '../challenges/versionLoader';
import { compareFingerprinted, FLAG_THRESHOLD, type Similarity } from '../similarity/compare';
import { DEFAULT_WINNOW, fingerprint, type Fingerprinted } from '../similarity/winnow';

const CACHE_MAX = 1000;
const cache = new Map<string, Fingerprinted>();

export function cachedFingerprint(code: string, language: string): Fingerprinted {
  const key = createHash('sha256').update(language).update('\0').update(code).digest('hex');
  const hit = cache.get(key);
  if (hit) {
    // Refresh its place: the Map's order is the eviction order.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const value = fingerprint(code, language, DEFAULT_WINNOW);
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
  return value;
}

/** Fingerprints of the starter code of every version involved, so shared boilerplate never counts. */
async function starterExclusions(knex: Knex, versionIds: number[], language: string): Promise<Set<number>> {
  const excluded = new Set<number>();
  for (const id of new Set(versionIds)) {
    try {
      const challenge = await loadChallengeVersion(knex, id);
      for (const f of cachedFingerprint(challenge.starter.code, language).fingerprints) excluded.add(f.hash);
    } catch {
      // A version that no longer parses has no starter to exclude; the comparison still runs.
    }
  }
  return excluded;
}

export interface ComparedSubmission {
  id: number;
  invitation_id: number | null;
  challenge_id: number;
  challenge_version_id: number;
  language: string;
  code: string;
}

export async function compareSubmissions(
  knex: Knex,
  a: ComparedSubmission,
  b: ComparedSubmission,
  threshold = FLAG_THRESHOLD,
): Promise<Similarity> {
  const excluded = await starterExclusions(knex, [a.challenge_version_id, b.challenge_version_id], a.language);
  return compareFingerprinted(cachedFingerprint(a.code, a.language), cachedFingerprint(b.code, b.language), {
    excluded,
    threshold,
    window: DEFAULT_WINNOW.w,
  });
}

/** Submissions of an assessment by id (any other id is simply absent), as the compare page shows them. */
export function submissionsInAssessment(
  knex: Knex,
  assessmentId: number,
  ids: number[],
): Promise<Array<ComparedSubmission & { email: string; score: number | null; verdict: string | null; mode: string; created_at: Date }>> {
  return knex('submissions as s')
    .join('invitations as i', 'i.id', 's.invitation_id')
    .where('i.assessment_id', assessmentId)
    .whereIn('s.id', ids)
    .select('s.id', 's.invitation_id', 's.challenge_id', 's.challenge_version_id', 's.language', 's.code', 's.score', 's.verdict', 's.mode', 's.created_at', 'i.email');
}
