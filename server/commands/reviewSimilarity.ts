// Similarity between candidates of one assessment, computed on demand: for each challenge, every pair of
// candidates' scored submissions (see reviewResults.ts for which one that is) is compared with winnowed
// fingerprints, minus the starter code's. Fingerprints are cached by the code's content hash (a submission's
// code never changes), so a leaderboard refresh only pays for the pairwise set intersections.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { loadChallengeVersion } from '../challenges/versionLoader';
import { compareFingerprinted, FLAG_THRESHOLD, setSimilarity, type Similarity } from '../similarity/compare';
import type { SimilarityLanguage } from '../similarity/tokenize';
import { DEFAULT_WINNOW, fingerprint, type Fingerprinted } from '../similarity/winnow';
import type { AssessmentResults } from './reviewResults';

const CACHE_MAX = 1000;
const cache = new Map<string, Fingerprinted>();

function languageOf(language: string): SimilarityLanguage {
  return language === 'sql' ? 'sql' : language === 'javascript' ? 'javascript' : 'typescript';
}

export function cachedFingerprint(code: string, language: string): Fingerprinted {
  const key = createHash('sha256').update(language).update('\0').update(code).digest('hex');
  const hit = cache.get(key);
  if (hit) {
    // Refresh its place: the Map's order is the eviction order.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const value = fingerprint(code, languageOf(language), DEFAULT_WINNOW);
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

export interface SimilarityPair {
  challengeId: number;
  a: { invitationId: number; submissionId: number };
  b: { invitationId: number; submissionId: number };
  similarity: number;
  containment: number;
  flagged: boolean;
}

/**
 * Every pair of scored submissions per challenge (optionally one challenge), highest similarity first.
 * Regions are left out here (the compare route shows them for one pair).
 */
export async function assessmentSimilarity(
  knex: Knex,
  results: AssessmentResults,
  options: { challengeId?: number; threshold?: number } = {},
): Promise<SimilarityPair[]> {
  const threshold = options.threshold ?? FLAG_THRESHOLD;
  const challengeIds = results.challenges.map((c) => c.id).filter((id) => !options.challengeId || id === options.challengeId);
  const chosen: number[] = [];
  for (const c of results.candidates) {
    for (const id of challengeIds) {
      const s = c.scores[String(id)]?.submissionId;
      if (s) chosen.push(s);
    }
  }
  if (!chosen.length) return [];
  const rows: ComparedSubmission[] = await knex('submissions')
    .whereIn('id', chosen)
    .select('id', 'invitation_id', 'challenge_id', 'challenge_version_id', 'language', 'code');

  const pairs: SimilarityPair[] = [];
  for (const challengeId of challengeIds) {
    const subs = rows.filter((r) => r.challenge_id === challengeId).sort((x, y) => x.id - y.id);
    if (subs.length < 2) continue;
    const excluded = await starterExclusions(knex, subs.map((s) => s.challenge_version_id), subs[0].language);
    const prints = subs.map((s) => cachedFingerprint(s.code, s.language));
    for (let i = 0; i < subs.length; i++) {
      for (let j = i + 1; j < subs.length; j++) {
        const s = setSimilarity(prints[i], prints[j], { excluded, threshold });
        pairs.push({
          challengeId,
          a: { invitationId: subs[i].invitation_id!, submissionId: subs[i].id },
          b: { invitationId: subs[j].invitation_id!, submissionId: subs[j].id },
          similarity: s.similarity,
          containment: s.containment,
          flagged: s.flagged,
        });
      }
    }
  }
  return pairs.sort((x, y) => y.similarity - x.similarity || x.a.submissionId - y.a.submissionId);
}
