// Checkers for the API kind: a response body against its expected JSON (deep equality or subset, with
// matchers: runner/apiTests/matchers.ts), and response headers, each returning a readable diff (one line
// per difference, empty when they match). Expected values stay on the host.
import { isMatcher, matchValue, show, type MatchMode } from './apiTests/matchers';

export type { MatchMode };

/**
 * Compare JSON values. `subset`: every key of an expected object must be present and match (extra
 * actual keys are allowed, recursively); arrays must have the same length, items compared in order.
 * Matchers ({$type: string}, {$exact: {...}}, …) may appear anywhere in `expected`.
 */
export function compareJson(expected: unknown, actual: unknown, mode: MatchMode = 'exact', root = '$'): string[] {
  const out: string[] = [];
  matchValue(expected, actual, mode, root, out);
  return out;
}

export function jsonMatches(expected: unknown, actual: unknown, mode: MatchMode = 'exact'): boolean {
  return compareJson(expected, actual, mode).length === 0;
}

/** What a test may expect of one header: its exact value, `null` (absent), or a matcher. */
export type ExpectedHeader = string | null | Record<string, unknown>;

/**
 * Header names are case-insensitive; a string is compared exactly; `null` or `{$absent: true}` asserts
 * absence; a matcher ({$regex: ...}, {$match: http-date}, {$gte: 1}) tests the value, numbers read from it.
 */
export function compareHeaders(expected: Record<string, ExpectedHeader>, actual: Record<string, string>): string[] {
  const lower = new Map(Object.entries(actual).map(([k, v]) => [k.toLowerCase(), v]));
  const out: string[] = [];
  for (const [name, want] of Object.entries(expected)) {
    const got = lower.get(name.toLowerCase());
    if (want === null) {
      if (got !== undefined) out.push(`header ${name}: expected absent, got ${show(got)}`);
    } else if (isMatcher(want)) matchValue(want, got, 'exact', `header ${name}`, out, { numericStrings: true });
    else if (got === undefined) out.push(`header ${name}: missing (expected ${show(want)})`);
    else if (got !== want) out.push(`header ${name}: expected ${show(want)}, got ${show(got)}`);
  }
  return out;
}
