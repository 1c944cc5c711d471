// Winnowing (Schleimer, Wilkerson, Aiken 2003): hash every k-gram of normalised tokens, slide a window of w
// hashes and keep the minimum of each window (the rightmost one on ties, recorded once). Any shared run of at
// least w + k - 1 tokens is then guaranteed to share a fingerprint, and nothing shorter than k tokens can.
import { tokenize, type SimilarityLanguage, type Token } from './tokenize';

export interface WinnowOptions {
  /** Tokens per k-gram: the noise threshold (shorter shared runs are ignored). */
  k: number;
  /** Window size: a shared run of w + k - 1 tokens is always detected. */
  w: number;
}

export const DEFAULT_WINNOW: WinnowOptions = { k: 12, w: 8 };

export interface Fingerprint {
  hash: number;
  /** Index of the k-gram's first token. */
  position: number;
}

export interface Fingerprinted {
  tokens: Token[];
  fingerprints: Fingerprint[];
  k: number;
}

// FNV-1a over the k-gram's token texts, separated so that ['ab','c'] and ['a','bc'] differ.
function hashGram(tokens: Token[], start: number, k: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < start + k; i++) {
    const t = tokens[i].text;
    for (let j = 0; j < t.length; j++) {
      h ^= t.charCodeAt(j);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x1f;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function winnow(tokens: Token[], options: WinnowOptions = DEFAULT_WINNOW): Fingerprint[] {
  const { k, w } = options;
  const grams = tokens.length - k + 1;
  if (grams <= 0) return [];
  const hashes = new Array<number>(grams);
  for (let i = 0; i < grams; i++) hashes[i] = hashGram(tokens, i, k);

  const out: Fingerprint[] = [];
  // A document shorter than one window still gets its minimum (robust for short solutions).
  const windows = Math.max(1, grams - w + 1);
  const width = Math.min(w, grams);
  let last = -1;
  for (let start = 0; start < windows; start++) {
    let min = start;
    for (let i = start; i < start + width; i++) if (hashes[i] <= hashes[min]) min = i;
    if (min !== last) {
      out.push({ hash: hashes[min], position: min });
      last = min;
    }
  }
  return out;
}

export function fingerprint(code: string, language: SimilarityLanguage, options: WinnowOptions = DEFAULT_WINNOW): Fingerprinted {
  const tokens = tokenize(code, language);
  return { tokens, fingerprints: winnow(tokens, options), k: options.k };
}
