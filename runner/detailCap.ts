// Caps on the stored detail of tests, applied by the judge (runner/judge.ts) as each test finishes, so the
// server, the CLI and every event consumer receive capped detail. One test's detail is at most
// TEST_DETAIL_BYTES of JSON; a submission's details together at most SUBMISSION_DETAIL_BYTES, after which
// each further test keeps a short message only (so a submission's total stays under
// SUBMISSION_DETAIL_BYTES + tests × MIN_DETAIL_BYTES). Capped detail is marked `truncated: true`.
import type { TestDetail } from './types';

export const TEST_DETAIL_BYTES = 64 * 1024;
export const SUBMISSION_DETAIL_BYTES = 1024 * 1024;
/** What a test's detail may take once the submission's budget is spent: its message, cut short. */
export const MIN_DETAIL_BYTES = 1024;

const MAX_DEPTH = 24;

function sizeOf(detail: TestDetail): number {
  return Buffer.byteLength(JSON.stringify(detail), 'utf8');
}

function cutString(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max)}… [${s.length - max} more characters]`;
}

/** A copy of `value` with strings cut to `maxString` characters, arrays and objects to `maxItems` entries. */
function shrink(value: unknown, maxString: number, maxItems: number, depth: number): unknown {
  if (typeof value === 'string') return cutString(value, maxString);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) {
    const out = value.slice(0, maxItems).map((v) => shrink(v, maxString, maxItems, depth + 1));
    if (value.length > maxItems) out.push(`… [${value.length - maxItems} more items]`);
    return out;
  }
  const keys = Object.keys(value);
  const out: Record<string, unknown> = {};
  for (const key of keys.slice(0, maxItems)) out[cutString(key, maxString)] = shrink((value as Record<string, unknown>)[key], maxString, maxItems, depth + 1);
  if (keys.length > maxItems) out['…'] = `${keys.length - maxItems} more keys`;
  return out;
}

/**
 * `detail` if its JSON is within `maxBytes`, else a copy shrunk until it is (strings and collections cut
 * ever shorter, finally the message alone), marked truncated. Returns the JSON size of what it returns.
 */
export function capDetail(detail: TestDetail, maxBytes: number): { detail: TestDetail; bytes: number } {
  let bytes: number;
  try {
    bytes = sizeOf(detail);
  } catch {
    bytes = Infinity; // nested too deeply to print: shrink() cuts the depth
  }
  if (bytes <= maxBytes) return { detail, bytes };
  for (let maxString = Math.floor(maxBytes / 2), maxItems = 64; maxString >= 32; maxString = Math.floor(maxString / 2)) {
    const shrunk = { ...(shrink(detail, maxString, maxItems, 0) as TestDetail), truncated: true };
    bytes = sizeOf(shrunk);
    if (bytes <= maxBytes) return { detail: shrunk, bytes };
    maxItems = Math.max(1, Math.floor(maxItems / 2));
  }
  const last: TestDetail = { message: cutString(detail.message ?? '', Math.max(0, Math.floor(maxBytes / 8))), truncated: true };
  return { detail: last, bytes: sizeOf(last) };
}

/** Caps each test's detail, and all of a submission's together; one per judged submission. */
export class DetailCap {
  private used = 0;

  cap(detail: TestDetail): TestDetail {
    const room = Math.min(TEST_DETAIL_BYTES, Math.max(MIN_DETAIL_BYTES, SUBMISSION_DETAIL_BYTES - this.used));
    const capped = capDetail(detail, room);
    this.used += capped.bytes;
    return capped.detail;
  }
}
