// How deeply a JSON text nests, by one linear scan that builds nothing. The host compares, prints and stores
// what a submission sent back with recursive code (JSON.stringify among it); a body nested 100,000 levels deep
// (200 KB of brackets) would overflow the host's stack and turn the submission into an internal error.

/** Bodies nested deeper than this stay text: they compare as a string (wrong answer), never recurse. */
export const MAX_JSON_DEPTH = 256;

export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > max) max = depth;
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}
