// Compare two fingerprinted sources: set similarity of their fingerprints (minus the starter code's, so the
// boilerplate every candidate shares does not count) and the matching regions mapped back to line ranges.
import type { SimilarityLanguage } from './tokenize';
import { DEFAULT_WINNOW, fingerprint, type Fingerprinted, type WinnowOptions } from './winnow';

/** Pairs at or above this Jaccard similarity are flagged for a recruiter to look at. */
export const FLAG_THRESHOLD = 0.8;

export interface LineRange {
  startLine: number;
  endLine: number;
}

export interface MatchedRegion {
  a: LineRange;
  b: LineRange;
}

export interface Similarity {
  /** |A ∩ B| / |A ∪ B| of the fingerprint sets (starter excluded): 0..1. */
  jaccard: number;
  /** |A ∩ B| / min(|A|, |B|): high when one source is contained in the other. */
  containment: number;
  /** The value compared with the threshold (the Jaccard similarity). */
  similarity: number;
  flagged: boolean;
  shared: number;
  fingerprints: { a: number; b: number };
  regions: MatchedRegion[];
}

// Repetitive code (many identical handlers) would otherwise pair every copy with every other.
const MAX_POSITIONS_PER_HASH = 8;

function hashSet(doc: Fingerprinted, excluded: ReadonlySet<number>): Set<number> {
  const set = new Set<number>();
  for (const f of doc.fingerprints) if (!excluded.has(f.hash)) set.add(f.hash);
  return set;
}

function positionsByHash(doc: Fingerprinted, keep: ReadonlySet<number>): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (const f of doc.fingerprints) {
    if (!keep.has(f.hash)) continue;
    const list = map.get(f.hash) ?? [];
    if (list.length < MAX_POSITIONS_PER_HASH) list.push(f.position);
    map.set(f.hash, list);
  }
  return map;
}

function lines(doc: Fingerprinted, first: number, last: number): LineRange {
  const end = Math.min(doc.tokens.length - 1, last + doc.k - 1);
  return { startLine: doc.tokens[first].line, endLine: doc.tokens[end].line };
}

/**
 * Matched regions: pairs of k-gram positions with the same hash, grouped along diagonals (a copied run keeps
 * posB - posA constant), chained when consecutive matches are close, then merged where line ranges overlap.
 */
export function matchedRegions(a: Fingerprinted, b: Fingerprinted, shared: ReadonlySet<number>, gap: number): MatchedRegion[] {
  const inA = positionsByHash(a, shared);
  const inB = positionsByHash(b, shared);
  const pairs: Array<[number, number]> = [];
  for (const [hash, positionsA] of inA) {
    for (const pa of positionsA) for (const pb of inB.get(hash) ?? []) pairs.push([pa, pb]);
  }
  pairs.sort((x, y) => x[1] - x[0] - (y[1] - y[0]) || x[0] - y[0]);

  const runs: Array<{ a0: number; a1: number; b0: number; b1: number }> = [];
  let current: (typeof runs)[number] | undefined;
  let diagonal = Number.NaN;
  for (const [pa, pb] of pairs) {
    if (current && pb - pa === diagonal && pa - current.a1 <= gap) {
      current.a1 = pa;
      current.b1 = pb;
    } else {
      current = { a0: pa, a1: pa, b0: pb, b1: pb };
      diagonal = pb - pa;
      runs.push(current);
    }
  }

  const regions = runs
    .map((r) => ({ a: lines(a, r.a0, r.a1), b: lines(b, r.b0, r.b1) }))
    .sort((x, y) => x.a.startLine - y.a.startLine || x.b.startLine - y.b.startLine);
  const merged: MatchedRegion[] = [];
  const overlaps = (x: LineRange, y: LineRange) => x.startLine <= y.endLine + 1 && y.startLine <= x.endLine + 1;
  for (const region of regions) {
    const into = merged.find((m) => overlaps(m.a, region.a) && overlaps(m.b, region.b));
    if (into) {
      into.a = { startLine: Math.min(into.a.startLine, region.a.startLine), endLine: Math.max(into.a.endLine, region.a.endLine) };
      into.b = { startLine: Math.min(into.b.startLine, region.b.startLine), endLine: Math.max(into.b.endLine, region.b.endLine) };
    } else merged.push({ a: { ...region.a }, b: { ...region.b } });
  }
  return merged;
}

/** Set similarity only (no regions): cheap enough for every pair of an assessment's candidates. */
export function setSimilarity(
  a: Fingerprinted,
  b: Fingerprinted,
  options: { excluded?: ReadonlySet<number>; threshold?: number } = {},
): Omit<Similarity, 'regions'> & { sharedHashes: Set<number> } {
  const excluded = options.excluded ?? new Set<number>();
  const setA = hashSet(a, excluded);
  const setB = hashSet(b, excluded);
  const shared = new Set<number>();
  for (const h of setA) if (setB.has(h)) shared.add(h);
  const union = setA.size + setB.size - shared.size;
  const jaccard = union === 0 ? 0 : shared.size / union;
  const smaller = Math.min(setA.size, setB.size);
  const containment = smaller === 0 ? 0 : shared.size / smaller;
  return {
    jaccard: round(jaccard),
    containment: round(containment),
    similarity: round(jaccard),
    flagged: jaccard >= (options.threshold ?? FLAG_THRESHOLD),
    shared: shared.size,
    fingerprints: { a: setA.size, b: setB.size },
    sharedHashes: shared,
  };
}

export function compareFingerprinted(
  a: Fingerprinted,
  b: Fingerprinted,
  options: { excluded?: ReadonlySet<number>; threshold?: number; window?: number } = {},
): Similarity {
  const { sharedHashes, ...similarity } = setSimilarity(a, b, options);
  return { ...similarity, regions: matchedRegions(a, b, sharedHashes, a.k + (options.window ?? DEFAULT_WINNOW.w)) };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Fingerprints of the starter code: excluded from every comparison of that challenge. */
export function starterExclusions(starter: string | undefined, language: SimilarityLanguage, options?: WinnowOptions): Set<number> {
  if (!starter) return new Set();
  return new Set(fingerprint(starter, language, options).fingerprints.map((f) => f.hash));
}

export function compareSources(
  a: string,
  b: string,
  language: SimilarityLanguage,
  options: { starter?: string; threshold?: number; winnow?: WinnowOptions } = {},
): Similarity {
  const winnowOptions = options.winnow ?? DEFAULT_WINNOW;
  return compareFingerprinted(fingerprint(a, language, winnowOptions), fingerprint(b, language, winnowOptions), {
    excluded: starterExclusions(options.starter, language, winnowOptions),
    threshold: options.threshold,
    window: winnowOptions.w,
  });
}
