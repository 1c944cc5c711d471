// Expected values with matchers: a plain JSON value is compared as it is; an object whose keys all start
// with `$` is a matcher ({$type: string}, {$match: uuid}, {$gte: 1, $lte: 10}, …) and its operators must
// all hold. Used for response bodies and header values; expected values stay on the host. The syntax is
// checked when a challenge is parsed (checkExpected), so a typo is a file/line error, never a silent pass.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats.js';

export type MatchMode = 'exact' | 'subset';

export const MAX_DIFF_LINES = 20;
const MAX_VALUE_CHARS = 120;

/** Named string formats for `$match`. */
const FORMATS: Record<string, (s: string) => boolean> = {
  uuid: (s) => /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(s),
  // ISO-8601 / RFC 3339 date-time with a time zone (Z or ±hh:mm), as Date#toISOString() writes it.
  timestamp: (s) => formatCheck('date-time', s),
  date: (s) => formatCheck('date', s),
  email: (s) => formatCheck('email', s),
  uri: (s) => formatCheck('uri', s),
  // The IMF-fixdate of HTTP headers (Date, Last-Modified): what Date#toUTCString() writes.
  'http-date': (s) => /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(s) && !Number.isNaN(Date.parse(s)),
  integer: (s) => /^-?(0|[1-9]\d*)$/.test(s),
};

function formatCheck(name: 'date-time' | 'date' | 'email' | 'uri', s: string): boolean {
  const f = fullFormats[name] as RegExp | ((s: string) => boolean) | { validate: RegExp | ((s: string) => boolean) };
  const v = typeof f === 'object' && !(f instanceof RegExp) ? f.validate : f;
  return v instanceof RegExp ? v.test(s) : v(s);
}

const TYPES = ['string', 'number', 'integer', 'boolean', 'null', 'array', 'object'] as const;

export const OPERATORS = [
  '$any', '$present', '$absent', '$type', '$match', '$regex', '$flags', '$eq', '$in',
  '$gt', '$gte', '$lt', '$lte', '$len', '$unordered', '$contains', '$not', '$schema', '$exact', '$subset',
] as const;
const OPERATOR_SET = new Set<string>(OPERATORS);
// Operators that hold a whole expected value of their own (a mode switch): alone in their object.
const ALONE = new Set(['$exact', '$subset', '$unordered', '$eq', '$schema']);

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An object whose keys all start with `$` (and that has at least one key) is a matcher. */
export function isMatcher(v: unknown): v is Record<string, unknown> {
  if (!isPlainObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

// Patterns repeat across steps, tests and submissions: compiled once.
const regexCache = new Map<string, RegExp>();

function compiledRegex(source: string, flags: string): RegExp {
  const key = `${flags}/${source}`;
  let re = regexCache.get(key);
  if (!re) {
    re = new RegExp(source, flags);
    if (regexCache.size > 1024) regexCache.clear();
    regexCache.set(key, re);
  }
  return re;
}

let ajv: Ajv | undefined;
const schemaCache = new Map<string, ValidateFunction>();

function ajvInstance(): Ajv {
  if (!ajv) {
    ajv = new Ajv({ allErrors: false, strict: false });
    addFormats(ajv);
  }
  return ajv;
}

function compiledSchema(schema: unknown): ValidateFunction {
  const key = JSON.stringify(schema);
  let fn = schemaCache.get(key);
  if (!fn) {
    fn = ajvInstance().compile(schema as object);
    if (schemaCache.size > 256) schemaCache.clear();
    schemaCache.set(key, fn);
  }
  return fn;
}

export interface PatternIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Check the matcher syntax of an expected value (a body or a header value), for the challenge parser:
 * unknown operators, objects mixing `$` keys and plain keys, bad regexes, bad JSON Schemas, wrong argument types.
 */
export function checkExpected(expected: unknown, path: (string | number)[] = []): PatternIssue[] {
  const out: PatternIssue[] = [];
  check(expected, path, out);
  return out;
}

function check(v: unknown, path: (string | number)[], out: PatternIssue[]): void {
  if (Array.isArray(v)) {
    v.forEach((item, i) => check(item, [...path, i], out));
    return;
  }
  if (!isPlainObject(v)) return;
  const keys = Object.keys(v);
  const dollar = keys.filter((k) => k.startsWith('$'));
  if (dollar.length === 0) {
    for (const k of keys) check(v[k], [...path, k], out);
    return;
  }
  if (dollar.length !== keys.length) {
    out.push({ path, message: `an object mixes matcher keys (${dollar.join(', ')}) with plain keys; wrap a literal in {$eq: ...}` });
    return;
  }
  for (const k of keys) {
    const arg = v[k];
    const at = [...path, k];
    const bad = (message: string) => out.push({ path: at, message: `${k}: ${message}` });
    if (!OPERATOR_SET.has(k)) {
      bad(`unknown matcher; known: ${OPERATORS.join(', ')} (a literal key starting with $ goes inside {$eq: ...})`);
      continue;
    }
    if (ALONE.has(k) && keys.length > 1) {
      bad('must be the only key of its object');
      continue;
    }
    switch (k) {
      case '$any':
      case '$present':
      case '$absent':
        if (arg !== true) bad('takes true');
        break;
      case '$type': {
        const list = Array.isArray(arg) ? arg : [arg];
        if (list.length === 0 || !list.every((t) => (TYPES as readonly unknown[]).includes(t))) bad(`takes one of ${TYPES.join(', ')} or a list of them`);
        break;
      }
      case '$match':
        if (typeof arg !== 'string' || !FORMATS[arg]) bad(`takes one of ${Object.keys(FORMATS).join(', ')}`);
        break;
      case '$regex':
        if (typeof arg !== 'string') bad('takes a string');
        else {
          try {
            new RegExp(arg, typeof v.$flags === 'string' ? v.$flags : '');
          } catch (err) {
            bad((err as Error).message);
          }
        }
        break;
      case '$flags':
        if (typeof arg !== 'string' || !/^[imsu]*$/.test(arg)) bad('takes regex flags among i, m, s, u');
        else if (v.$regex === undefined) bad('goes with $regex');
        break;
      case '$in':
        if (!Array.isArray(arg) || arg.length === 0) bad('takes a non-empty list');
        else arg.forEach((item, i) => check(item, [...at, i], out));
        break;
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        if (typeof arg === 'string') {
          if (Number.isNaN(Date.parse(arg))) bad('takes a number, or an ISO-8601 timestamp to compare timestamps');
        } else if (typeof arg !== 'number') bad('takes a number');
        break;
      case '$len':
        if (!(Number.isInteger(arg) && (arg as number) >= 0)) {
          if (isMatcher(arg)) check(arg, at, out);
          else bad('takes a count or a matcher such as {$gte: 1}');
        }
        break;
      case '$unordered':
        if (!Array.isArray(arg)) bad('takes a list');
        else check(arg, at, out);
        break;
      case '$contains':
      case '$not':
        check(arg, at, out);
        break;
      case '$schema':
        if (!isPlainObject(arg)) bad('takes a JSON Schema object');
        else {
          try {
            compiledSchema(arg);
          } catch (err) {
            bad(`invalid JSON Schema: ${(err as Error).message}`);
          }
        }
        break;
      case '$exact':
      case '$subset':
        check(arg, at, out);
        break;
      case '$eq':
        break;
    }
  }
}

export function show(value: unknown): string {
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

export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** How a matcher reads in a diff: "a string matching /^tok_/", "a number >= 1 and <= 10". */
export function describeMatcher(m: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, arg] of Object.entries(m)) {
    switch (k) {
      case '$any':
      case '$present':
        parts.push('any value');
        break;
      case '$absent':
        parts.push('absent');
        break;
      case '$type':
        parts.push(`of type ${Array.isArray(arg) ? arg.join(' or ') : String(arg)}`);
        break;
      case '$match':
        parts.push(arg === 'timestamp' ? 'an ISO-8601 timestamp' : `a ${String(arg)}`);
        break;
      case '$regex':
        parts.push(`a string matching /${String(arg)}/${typeof m.$flags === 'string' ? m.$flags : ''}`);
        break;
      case '$eq':
        parts.push(show(arg));
        break;
      case '$in':
        parts.push(`one of ${show(arg)}`);
        break;
      case '$gt':
        parts.push(`> ${show(arg)}`);
        break;
      case '$gte':
        parts.push(`>= ${show(arg)}`);
        break;
      case '$lt':
        parts.push(`< ${show(arg)}`);
        break;
      case '$lte':
        parts.push(`<= ${show(arg)}`);
        break;
      case '$len':
        parts.push(`of length ${isMatcher(arg) ? describeMatcher(arg) : String(arg)}`);
        break;
      case '$unordered':
        parts.push(`${(arg as unknown[]).length} items in any order`);
        break;
      case '$contains':
        parts.push(`containing ${isMatcher(arg) ? describeMatcher(arg) : show(arg)}`);
        break;
      case '$not':
        parts.push(`not ${isMatcher(arg) ? describeMatcher(arg) : show(arg)}`);
        break;
      case '$schema':
        parts.push('valid against the JSON Schema');
        break;
      case '$exact':
      case '$subset':
        parts.push(show(arg));
        break;
    }
  }
  return parts.join(' and ');
}

export interface MatchOptions {
  /** Header values are strings: let number comparisons read a numeric string as its number. */
  numericStrings?: boolean;
}

/**
 * Compare an actual value with an expected one (matchers included), pushing one readable line per
 * difference onto `out` (at most MAX_DIFF_LINES). `actual` undefined means "absent".
 */
export function matchValue(expected: unknown, actual: unknown, mode: MatchMode, path: string, out: string[], opts: MatchOptions = {}): void {
  if (out.length >= MAX_DIFF_LINES) return;
  if (isMatcher(expected)) {
    matchOperators(expected, actual, mode, path, out, opts);
    return;
  }
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
    for (let i = 0; i < Math.min(e.length, a.length); i++) matchValue(e[i], a[i], mode, childPath(path, i), out, opts);
    return;
  }
  if (ek === 'object') {
    matchObject(expected as Record<string, unknown>, actual as Record<string, unknown>, mode, path, out, opts);
    return;
  }
  // 0 and -0 are the same number in JSON.
  if (expected !== actual && !(Number.isNaN(expected) && Number.isNaN(actual))) {
    out.push(`${path}: expected ${show(expected)}, got ${show(actual)}`);
  }
}

function matchObject(e: Record<string, unknown>, a: Record<string, unknown>, mode: MatchMode, path: string, out: string[], opts: MatchOptions): void {
  for (const key of Object.keys(e)) {
    const want = e[key];
    const has = Object.prototype.hasOwnProperty.call(a, key);
    if (isMatcher(want) && want.$absent === true) {
      if (has) out.push(`${childPath(path, key)}: expected absent, got ${show(a[key])}`);
    } else if (!has) {
      out.push(`${childPath(path, key)}: missing (expected ${isMatcher(want) ? describeMatcher(want) : show(want)})`);
    } else matchValue(want, a[key], mode, childPath(path, key), out, opts);
    if (out.length >= MAX_DIFF_LINES) return;
  }
  if (mode === 'exact') {
    for (const key of Object.keys(a)) {
      if (!Object.prototype.hasOwnProperty.call(e, key)) out.push(`${childPath(path, key)}: unexpected (got ${show(a[key])})`);
      if (out.length >= MAX_DIFF_LINES) return;
    }
  }
}

function matches(expected: unknown, actual: unknown, mode: MatchMode, opts: MatchOptions): boolean {
  const probe: string[] = [];
  matchValue(expected, actual, mode, '', probe, opts);
  return probe.length === 0;
}

function asComparable(bound: unknown, actual: unknown, opts: MatchOptions): [number, number] | undefined {
  if (typeof bound === 'string') {
    // A timestamp bound compares timestamps.
    if (typeof actual !== 'string') return undefined;
    const t = Date.parse(actual);
    return Number.isNaN(t) ? undefined : [t, Date.parse(bound)];
  }
  if (typeof actual === 'number') return [actual, bound as number];
  if (opts.numericStrings && typeof actual === 'string' && /^-?\d+(\.\d+)?$/.test(actual.trim())) return [Number(actual), bound as number];
  return undefined;
}

function matchOperators(m: Record<string, unknown>, actual: unknown, mode: MatchMode, path: string, out: string[], opts: MatchOptions): void {
  const fail = () => out.push(`${path}: expected ${describeMatcher(m)}, got ${show(actual)}`);
  if (m.$absent === true) {
    if (actual !== undefined) fail();
    return;
  }
  if (actual === undefined) {
    fail();
    return;
  }
  for (const [op, arg] of Object.entries(m)) {
    if (out.length >= MAX_DIFF_LINES) return;
    switch (op) {
      case '$any':
      case '$present':
      case '$flags':
        break;
      case '$type': {
        const types = (Array.isArray(arg) ? arg : [arg]) as string[];
        const kind = kindOf(actual);
        if (!types.some((t) => t === kind || (t === 'integer' && Number.isInteger(actual)))) return void fail();
        break;
      }
      case '$match':
        if (typeof actual !== 'string' || !FORMATS[arg as string](actual)) return void fail();
        break;
      case '$regex':
        if (typeof actual !== 'string' || !compiledRegex(arg as string, typeof m.$flags === 'string' ? m.$flags : '').test(actual)) return void fail();
        break;
      case '$eq':
        matchValue(arg, actual, 'exact', path, out, {});
        break;
      case '$in':
        if (!(arg as unknown[]).some((item) => matches(item, actual, mode, opts))) return void fail();
        break;
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte': {
        const pair = asComparable(arg, actual, opts);
        if (!pair) return void fail();
        const [x, bound] = pair;
        const ok = op === '$gt' ? x > bound : op === '$gte' ? x >= bound : op === '$lt' ? x < bound : x <= bound;
        if (!ok) return void fail();
        break;
      }
      case '$len': {
        const length = typeof actual === 'string' || Array.isArray(actual) ? actual.length : undefined;
        if (length === undefined) return void fail();
        if (isMatcher(arg)) {
          if (!matches(arg, length, mode, {})) return void fail();
        } else if (length !== arg) return void fail();
        break;
      }
      case '$unordered':
        matchUnordered(arg as unknown[], actual, mode, path, out, opts);
        break;
      case '$contains':
        if (typeof actual === 'string' && typeof arg === 'string') {
          if (!actual.includes(arg)) return void fail();
        } else if (!Array.isArray(actual) || !actual.some((item) => matches(arg, item, mode, opts))) return void fail();
        break;
      case '$not':
        if (matches(arg, actual, mode, opts)) return void fail();
        break;
      case '$schema': {
        const validate = compiledSchema(arg);
        if (!validate(actual)) {
          const first = validate.errors?.[0];
          out.push(`${path}${first?.instancePath ? first.instancePath.replaceAll('/', '.') : ''}: does not match the JSON Schema (${first?.message ?? 'invalid'}), got ${show(actual)}`);
        }
        break;
      }
      case '$exact':
      case '$subset':
        matchValue(arg, actual, op === '$exact' ? 'exact' : 'subset', path, out, opts);
        break;
    }
  }
}

/** Same length, and a one-to-one pairing of expected and actual items (augmenting paths: items may overlap). */
function matchUnordered(expected: unknown[], actual: unknown, mode: MatchMode, path: string, out: string[], opts: MatchOptions): void {
  if (!Array.isArray(actual)) {
    out.push(`${path}: expected ${expected.length} items in any order, got ${show(actual)}`);
    return;
  }
  if (expected.length !== actual.length) {
    out.push(`${path}: expected ${expected.length} items in any order, got ${actual.length}`);
    return;
  }
  const fits = expected.map((e) => actual.map((a) => matches(e, a, mode, opts)));
  const ownerOf = new Array<number>(actual.length).fill(-1);
  const assign = (i: number, seen: boolean[]): boolean => {
    for (let j = 0; j < actual.length; j++) {
      if (!fits[i][j] || seen[j]) continue;
      seen[j] = true;
      if (ownerOf[j] === -1 || assign(ownerOf[j], seen)) {
        ownerOf[j] = i;
        return true;
      }
    }
    return false;
  };
  for (let i = 0; i < expected.length; i++) {
    if (!assign(i, new Array<boolean>(actual.length).fill(false))) {
      out.push(`${path}: no item matches ${show(expected[i])} (expected item ${i + 1} of ${expected.length}, any order)`);
      if (out.length >= MAX_DIFF_LINES) return;
    }
  }
}
