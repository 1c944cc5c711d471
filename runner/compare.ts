// Checkers for the API kind: JSON deep equality or subset, and response headers, each returning a
// readable diff (one line per difference, empty when they match). Expected values stay on the host.

const MAX_DIFF_LINES = 20;
const MAX_VALUE_CHARS = 120;

export type MatchMode = 'exact' | 'subset';

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function walk(expected: unknown, actual: unknown, mode: MatchMode, path: string, out: string[]): void {
  if (out.length >= MAX_DIFF_LINES) return;
  const ek = kindOf(expected);
  const ak = kindOf(actual);
  if (ek !== ak) {
    out.push(`${path}: expected ${show(expected)}, got ${show(actual)}`);
    return;
  }
  if (ek === 'array') {
    const e = expected as unknown[];
    const a = actual as unknown[];
    if (e.length !== a.length) out.push(`${path}: expected ${e.length} items, got ${a.length}`);
    for (let i = 0; i < Math.min(e.length, a.length); i++) walk(e[i], a[i], mode, childPath(path, i), out);
    return;
  }
  if (ek === 'object') {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    for (const key of Object.keys(e)) {
      if (!Object.prototype.hasOwnProperty.call(a, key)) out.push(`${childPath(path, key)}: missing (expected ${show(e[key])})`);
      else walk(e[key], a[key], mode, childPath(path, key), out);
      if (out.length >= MAX_DIFF_LINES) return;
    }
    if (mode === 'exact') {
      for (const key of Object.keys(a)) {
        if (!Object.prototype.hasOwnProperty.call(e, key)) out.push(`${childPath(path, key)}: unexpected (got ${show(a[key])})`);
        if (out.length >= MAX_DIFF_LINES) return;
      }
    }
    return;
  }
  // 0 and -0 are the same number in JSON.
  if (expected !== actual && !(Number.isNaN(expected) && Number.isNaN(actual))) {
    out.push(`${path}: expected ${show(expected)}, got ${show(actual)}`);
  }
}

/**
 * Compare JSON values. `subset`: every key of an expected object must be present and match (extra
 * actual keys are allowed, recursively); arrays must have the same length, items compared in order.
 */
export function compareJson(expected: unknown, actual: unknown, mode: MatchMode = 'exact', root = '$'): string[] {
  const out: string[] = [];
  walk(expected, actual, mode, root, out);
  return out;
}

export function jsonMatches(expected: unknown, actual: unknown, mode: MatchMode = 'exact'): boolean {
  return compareJson(expected, actual, mode).length === 0;
}

/** Header names are case-insensitive; values are compared exactly; `null` asserts absence. */
export function compareHeaders(expected: Record<string, string | null>, actual: Record<string, string>): string[] {
  const lower = new Map(Object.entries(actual).map(([k, v]) => [k.toLowerCase(), v]));
  const out: string[] = [];
  for (const [name, want] of Object.entries(expected)) {
    const got = lower.get(name.toLowerCase());
    if (want === null) {
      if (got !== undefined) out.push(`header ${name}: expected absent, got ${show(got)}`);
    } else if (got === undefined) out.push(`header ${name}: missing (expected ${show(want)})`);
    else if (got !== want) out.push(`header ${name}: expected ${show(want)}, got ${show(got)}`);
  }
  return out;
}
