// Row-set comparison for SQL challenges with the rules of compareRulesSchema (runner/spec.ts), typed by the
// result's column types (runner/sqlTypes.ts): text exactly (optionally ignoring case or whitespace), integers
// exactly, numerics and floats within the tolerance, dates, timestamps and intervals by value, JSON by
// value, arrays element by element. Rows compare as sequences (`ordered`), as multisets, or as multisets
// that must also come sorted by `orderBy` keys (ties in any order). Decisions: docs/ARCHITECTURE.md,
// "SQL comparison".
import type { CompareRules, OrderKey } from './spec';
import { BPCHAR_OID, columnType, parseEquivalence, type ColumnType, type TypeFamily } from './sqlTypes';

export interface ResultTable {
  columns: string[];
  /** PostgreSQL type oids, one per column; absent for tables from before types were kept. */
  types?: number[];
  rows: unknown[][];
}

export interface Comparison {
  equal: boolean;
  /** Human-readable lines; empty when equal. */
  diff: string[];
}

const MAX_EXAMPLES = 5;
/** Unmatched rows scanned for the one closest to a missing row (the message names where they differ). */
const CLOSEST_SCAN = 1000;

/** A value in the form a column compares: strings and numbers, arrays of them for array columns. */
type Canon = null | string | number | Canon[];

interface ColumnRule {
  expectedType: ColumnType;
  actualType: ColumnType;
  /** Numbers within the tolerance are equal; everything else compares by its canonical string. */
  tolerant: boolean;
  normExpected(v: unknown): Canon;
  normActual(v: unknown): Canon;
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (typeof v === 'bigint') return v.toString();
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** Exact decimal text of a numeric value (no leading zeros, no trailing fraction zeros), or undefined. */
function canonicalDecimal(s: string): string | undefined {
  const t = s.trim();
  if (!/^[+-]?\d+(\.\d*)?$/.test(t)) return undefined;
  let [int, frac = ''] = t.replace(/^\+/, '').split('.');
  const neg = int.startsWith('-');
  int = int.replace('-', '').replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : int;
  return neg && body !== '0' ? `-${body}` : body;
}

// ---- canonical forms, one per family ------------------------------------------------------------------

/** Big or special numbers as tagged text ("D:" exact decimal, "X:" NaN/Infinity), others as JS numbers. */
function numberCanon(v: unknown): Canon {
  if (typeof v === 'number') return Number.isFinite(v) ? v : `X:${v}`;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : `D:${v.toString()}`;
  const s = String(v).trim();
  if (/^[+-]?(nan|infinity|inf)$/i.test(s)) return `X:${Number(s.replace(/^([+-]?)inf$/i, '$1Infinity'))}`;
  const n = Number(s);
  if (Number.isNaN(n)) return `S:${s}`;
  if (Math.abs(n) > Number.MAX_SAFE_INTEGER) return `D:${canonicalDecimal(s) ?? s}`;
  return n;
}

function integerCanon(v: unknown): Canon {
  const s = typeof v === 'string' ? v : typeof v === 'bigint' ? v.toString() : typeof v === 'number' ? (Number.isInteger(v) ? BigInt(v).toString() : String(v)) : stableJson(v);
  return canonicalDecimal(s) ?? s;
}

/** Fractional seconds without trailing zeros: 10:00:00.500 and 10:00:00.5 are one time. */
function trimFraction(s: string): string {
  return s.replace(/(\d\d:\d\d:\d\d)\.(\d*?)0*(?=$|[+-]|\s)/, (_, hms: string, frac: string) => (frac ? `${hms}.${frac}` : hms));
}

function dateCanon(v: unknown): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const s = String(v);
  return /^\d{4}-\d\d-\d\dT00:00:00(\.0+)?Z?$/.test(s) ? s.slice(0, 10) : s;
}

function timestampCanon(v: unknown): string {
  if (v instanceof Date) return trimFraction(v.toISOString().replace(/Z$/, ''));
  return trimFraction(String(v).replace(' ', 'T'));
}

function timestamptzCanon(v: unknown): string {
  const d = v instanceof Date ? v : new Date(String(v));
  return Number.isNaN(d.getTime()) ? String(v) : d.toISOString();
}

const INTERVAL_UNITS: Record<string, bigint> = {
  year: 12n * 30n * 86_400_000_000n,
  mon: 30n * 86_400_000_000n,
  day: 86_400_000_000n,
};

/**
 * An interval's value in microseconds, as PostgreSQL compares intervals (a month is 30 days, a day 24
 * hours: '1 day' = '24:00:00'), from the default output style ("1 year 2 mons -3 days 04:05:06.5").
 */
function intervalCanon(v: unknown): string {
  const s = String(v).trim();
  let total = 0n;
  let rest = s;
  for (const m of s.matchAll(/([+-]?\d+) (year|mon|day)s?/g)) {
    total += BigInt(m[1]) * INTERVAL_UNITS[m[2]];
    rest = rest.replace(m[0], '');
  }
  rest = rest.trim();
  const clock = /^([+-])?(\d+):(\d\d):(\d\d)(?:\.(\d{1,6}))?$/.exec(rest);
  if (clock) {
    const micros = ((BigInt(clock[2]) * 60n + BigInt(clock[3])) * 60n + BigInt(clock[4])) * 1_000_000n + BigInt((clock[5] ?? '').padEnd(6, '0'));
    total += clock[1] === '-' ? -micros : micros;
  } else if (rest !== '') return `raw:${s}`;
  return `us:${total}`;
}

/** Milliseconds since the epoch, for comparing a date, a timestamp and a timestamptz declared equivalent. */
function instantCanon(family: TypeFamily, v: unknown): string {
  if (v instanceof Date) return `ms:${v.getTime()}`;
  const s = String(v);
  const iso = family === 'date' ? `${s}T00:00:00Z` : family === 'timestamp' ? `${s.replace(' ', 'T')}Z` : s;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? `raw:${s}` : `ms:${ms}`;
}

function textCanon(type: ColumnType, rules: CompareRules): (v: unknown) => string {
  // character(n) pads with spaces that PostgreSQL itself ignores when comparing.
  const bpchar = (type.element?.oid ?? type.oid) === BPCHAR_OID;
  return (v) => {
    let s = typeof v === 'string' ? v : stableJson(v);
    if (bpchar) s = s.replace(/ +$/, '');
    if (rules.ignoreWhitespace) s = s.trim().replace(/\s+/g, ' ');
    if (rules.ignoreCase) s = s.toLowerCase();
    return s;
  };
}

function untypedCanon(v: unknown): Canon {
  if (typeof v === 'number' || typeof v === 'bigint') return numberCanon(v);
  if (typeof v === 'string') return `S:${v}`;
  return `J:${stableJson(v)}`;
}

/** The scalar canonical form of a family, when both sides are of that family. */
function scalarCanon(type: ColumnType, rules: CompareRules): (v: unknown) => Canon {
  switch (type.family) {
    case 'integer':
      return integerCanon;
    case 'numeric':
    case 'float':
      return numberCanon;
    case 'text':
      return textCanon(type, rules);
    case 'boolean':
      return (v) => (v === true || v === 't' || v === 'true' ? 't' : v === false || v === 'f' || v === 'false' ? 'f' : stableJson(v));
    case 'date':
      return dateCanon;
    case 'timestamp':
      return timestampCanon;
    case 'timestamptz':
      return timestamptzCanon;
    case 'time':
    case 'timetz':
      return (v) => trimFraction(String(v));
    case 'interval':
      return intervalCanon;
    case 'json':
      return (v) => stableJson(v);
    case 'untyped':
      return untypedCanon;
    default:
      return (v) => (typeof v === 'string' ? v : stableJson(v));
  }
}

/** Arrays element by element (nested arrays too); an array PGlite left as text compares as that text. */
function withArrays(type: ColumnType, scalar: (v: unknown) => Canon): (v: unknown) => Canon {
  if (!type.element) return (v) => (v === null || v === undefined ? null : scalar(v));
  const walk = (v: unknown): Canon => (v === null || v === undefined ? null : Array.isArray(v) ? v.map(walk) : scalar(v));
  return (v) => (v === null || v === undefined ? null : Array.isArray(v) ? v.map(walk) : `raw:${String(v)}`);
}

const NUMBER_FAMILIES = new Set<TypeFamily>(['integer', 'numeric', 'float']);

function equivalent(a: TypeFamily, b: TypeFamily, rules: CompareRules): boolean {
  return rules.equivalentTypes.some((text) => {
    const pair = parseEquivalence(text);
    return typeof pair !== 'string' && ((pair[0] === a && pair[1] === b) || (pair[0] === b && pair[1] === a));
  });
}

/** How one column compares, or why its types cannot match. */
function columnRule(expectedOid: number | undefined, actualOid: number | undefined, rules: CompareRules): ColumnRule | string {
  let expectedType = columnType(expectedOid);
  let actualType = columnType(actualOid);
  // One side without types: both compare by their JSON shape (numbers within the tolerance, the rest exactly).
  if (expectedType.family === 'untyped' || actualType.family === 'untyped') {
    expectedType = { ...expectedType, family: 'untyped', element: undefined };
    actualType = { ...actualType, family: 'untyped', element: undefined };
    return { expectedType, actualType, tolerant: true, normExpected: untypedCanonOrNull, normActual: untypedCanonOrNull };
  }
  if (Boolean(expectedType.element) !== Boolean(actualType.element)) return `expected type ${expectedType.name}, got ${actualType.name}`;
  const e = expectedType.family;
  const a = actualType.family;
  if (e === a) {
    return {
      expectedType,
      actualType,
      tolerant: e === 'numeric' || e === 'float',
      normExpected: withArrays(expectedType, scalarCanon(expectedType, rules)),
      normActual: withArrays(actualType, scalarCanon(actualType, rules)),
    };
  }
  if (!equivalent(e, a, rules)) return `expected type ${expectedType.name}, got ${actualType.name}`;
  if (NUMBER_FAMILIES.has(e)) {
    return {
      expectedType,
      actualType,
      tolerant: true,
      normExpected: withArrays(expectedType, numberCanon),
      normActual: withArrays(actualType, numberCanon),
    };
  }
  return {
    expectedType,
    actualType,
    tolerant: false,
    normExpected: withArrays(expectedType, (v) => instantCanon(e, v)),
    normActual: withArrays(actualType, (v) => instantCanon(a, v)),
  };
}

function untypedCanonOrNull(v: unknown): Canon {
  return v === null || v === undefined ? null : untypedCanon(v);
}

// ---- equality and bucket keys over canonical values -----------------------------------------------------

function canonEqual(a: Canon, b: Canon, tolerant: boolean, tolerance: number): boolean {
  if (a === null || b === null) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!canonEqual(a[i], b[i], tolerant, tolerance)) return false;
    return true;
  }
  if (a === b) return true;
  if (!tolerant) return false;
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= tolerance;
  // A big exact decimal against a float-sized number (only across equivalent types).
  const an = typeof a === 'number' ? a : a.startsWith('D:') ? Number(a.slice(2)) : undefined;
  const bn = typeof b === 'number' ? b : b.startsWith('D:') ? Number(b.slice(2)) : undefined;
  return an !== undefined && bn !== undefined && (typeof a === 'number') !== (typeof b === 'number') && Math.abs(an - bn) <= Math.max(tolerance, Math.abs(an) * 1e-15);
}

function canonKey(a: Canon, decimals: number): string {
  if (a === null) return 'N';
  if (Array.isArray(a)) return `[${a.map((x) => canonKey(x, decimals)).join(',')}]`;
  if (typeof a === 'number') {
    const r = Number(a.toFixed(decimals));
    return `F${Object.is(r, -0) ? 0 : r}`;
  }
  return a;
}

// ---- messages -------------------------------------------------------------------------------------------

function formatValue(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  return typeof v === 'string' ? JSON.stringify(v) : stableJson(v);
}

export function formatRow(row: unknown[]): string {
  return `(${row.map(formatValue).join(', ')})`;
}

function typed(v: unknown, type: ColumnType): string {
  return v === null || v === undefined || type.family === 'untyped' ? formatValue(v) : `${formatValue(v)} (${type.name})`;
}

function examples(rows: unknown[][]): string {
  const shown = rows.slice(0, MAX_EXAMPLES).map(formatRow).join(', ');
  return rows.length > MAX_EXAMPLES ? `${shown}, … (${rows.length - MAX_EXAMPLES} more)` : shown;
}

// ---- the comparison -------------------------------------------------------------------------------------

interface Prepared {
  rules: ColumnRule[];
  tolerance: number;
  decimals: number;
  columns: string[];
}

function rowEqual(p: Prepared, e: Canon[], a: Canon[]): boolean {
  for (let i = 0; i < e.length; i++) if (!canonEqual(e[i], a[i], p.rules[i].tolerant, p.tolerance)) return false;
  return true;
}

function rowKey(p: Prepared, row: Canon[]): string {
  return row.map((v) => canonKey(v, p.decimals)).join('\u0001');
}

/** Indexes of the rows of `expected` not matched by a row of `actual`, and of `actual` rows left over. */
function multisetDiff(p: Prepared, expected: Canon[][], actual: Canon[][]): { missing: number[]; extra: number[] } {
  const buckets = new Map<string, number[]>();
  actual.forEach((row, i) => {
    const k = rowKey(p, row);
    const list = buckets.get(k);
    if (list) list.push(i);
    else buckets.set(k, [i]);
  });
  const missing: number[] = [];
  expected.forEach((row, i) => {
    const list = buckets.get(rowKey(p, row));
    const j = list ? list.findIndex((r) => rowEqual(p, row, actual[r])) : -1;
    if (list && j >= 0) list.splice(j, 1);
    else missing.push(i);
  });
  const extra = [...buckets.values()].flat().sort((x, y) => x - y);
  // Values within tolerance can straddle a rounding boundary: match the leftovers pairwise.
  if (missing.length > 0 && extra.length > 0 && missing.length * extra.length <= 1_000_000) {
    const stillMissing: number[] = [];
    for (const i of missing) {
      const j = extra.findIndex((r) => rowEqual(p, expected[i], actual[r]));
      if (j >= 0) extra.splice(j, 1);
      else stillMissing.push(i);
    }
    return { missing: stillMissing, extra };
  }
  return { missing, extra };
}

/** "column 2 ("total"): expected 10.5 (numeric), got 10 (integer)" for the first column where two rows differ. */
function firstDifference(p: Prepared, e: { raw: unknown[]; canon: Canon[] }, a: { raw: unknown[]; canon: Canon[] }): string {
  const i = e.canon.findIndex((v, c) => !canonEqual(v, a.canon[c], p.rules[c].tolerant, p.tolerance));
  if (i < 0) return '';
  const r = p.rules[i];
  return `column ${i + 1} ("${p.columns[i]}"): expected ${typed(e.raw[i], r.expectedType)}, got ${typed(a.raw[i], r.actualType)}`;
}

function closestRow(p: Prepared, row: Canon[], actual: Canon[][], candidates: number[]): number | undefined {
  let best: number | undefined;
  let bestScore = -1;
  for (const j of candidates.slice(0, CLOSEST_SCAN)) {
    const score = row.reduce<number>((s, v, c) => s + (canonEqual(v, actual[j][c], p.rules[c].tolerant, p.tolerance) ? 1 : 0), 0);
    if (score > bestScore) {
      best = j;
      bestScore = score;
    }
  }
  return best;
}

function describeKeys(keys: OrderKey[]): string {
  return keys.map((k) => `${k.column}${k.descending ? ' desc' : ''}`).join(', ');
}

/** -1, 0, 1 for two canonical values of a column, or undefined where the order is the database's (text). */
function orderOf(rule: ColumnRule, a: Canon, b: Canon): number | undefined {
  if (a === null || b === null || Array.isArray(a) || Array.isArray(b)) return undefined;
  const family = rule.expectedType.family;
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (typeof a !== 'string' || typeof b !== 'string') return undefined;
  if (family === 'integer' && /^-?\d+$/.test(a) && /^-?\d+$/.test(b)) return BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0;
  if (a.startsWith('us:') && b.startsWith('us:')) return Math.sign(Number(BigInt(a.slice(3)) - BigInt(b.slice(3))));
  if (a.startsWith('ms:') && b.startsWith('ms:')) return Math.sign(Number(a.slice(3)) - Number(b.slice(3)));
  if (['date', 'timestamp', 'timestamptz', 'boolean'].includes(family) && /^(\d{4}-|[tf]$)/.test(a) && /^(\d{4}-|[tf]$)/.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

/** Whether group `b` may follow group `a` under the keys, as far as the values' order is known here. */
function keysInOrder(p: Prepared, keys: OrderKey[], cols: number[], a: Canon[], b: Canon[]): boolean {
  for (let k = 0; k < cols.length; k++) {
    const c = cols[k];
    const x = a[c];
    const y = b[c];
    if (canonEqual(x, y, p.rules[c].tolerant, p.tolerance)) continue;
    if (x === null || y === null) return keys[k].nullsFirst ? x === null : y === null;
    const o = orderOf(p.rules[c], x, y);
    return o === undefined || (keys[k].descending ? o > 0 : o < 0);
  }
  return true;
}

/** Column indexes of the orderBy keys, or a message naming the key that matches no column. */
function resolveKeys(keys: OrderKey[], columns: string[]): number[] | string {
  const out: number[] = [];
  for (const k of keys) {
    const i = typeof k.column === 'number' ? k.column - 1 : columns.findIndex((c) => c.toLowerCase() === String(k.column).toLowerCase());
    if (i < 0 || i >= columns.length) return `compare.orderBy key "${k.column}" names no column of the expected result (${columns.join(', ')})`;
    out.push(i);
  }
  return out;
}

/**
 * The order check: the expected (reference) rows give the order of the key values, so ties keep any order
 * and text keys sort by the database's collation, not ours; the candidate's rows must visit those key
 * values in the same order.
 */
function orderByDiff(p: Prepared, keys: OrderKey[], expected: ResultTable, actual: ResultTable, eCanon: Canon[][], aCanon: Canon[][]): string[] {
  const cols = resolveKeys(keys, expected.columns);
  if (typeof cols === 'string') return [cols];
  const keyOf = (row: Canon[]) => cols.map((c) => canonKey(row[c], p.decimals)).join('\u0001');
  const rank = new Map<string, number>();
  const reps: Canon[][] = [];
  let previous: string | undefined;
  for (const row of eCanon) {
    const k = keyOf(row);
    if (k === previous) continue;
    if (rank.has(k) || (reps.length > 0 && !keysInOrder(p, keys, cols, reps[reps.length - 1], row)))
      return [`the expected result is not sorted by compare.orderBy (${describeKeys(keys)}): the reference solution must order by these keys`];
    rank.set(k, reps.length);
    reps.push(row);
    previous = k;
  }
  const rankOf = (row: Canon[]): number => {
    const r = rank.get(keyOf(row));
    if (r !== undefined) return r;
    return reps.findIndex((rep) => cols.every((c) => canonEqual(rep[c], row[c], p.rules[c].tolerant, p.tolerance)));
  };
  let last = -1;
  for (let i = 0; i < aCanon.length; i++) {
    const r = rankOf(aCanon[i]);
    if (r < last) {
      const show = (row: unknown[]) => cols.map((c) => `${actual.columns[c]} = ${typed(row[c], p.rules[c].actualType)}`).join(', ');
      return [
        `rows ${i} and ${i + 1} are out of order (the rows must be ordered by ${describeKeys(keys)}): row ${i} has ${show(actual.rows[i - 1])}, row ${i + 1} has ${show(actual.rows[i])}`,
      ];
    }
    last = r;
  }
  return [];
}

export function compareRows(expected: ResultTable, actual: ResultTable, rules: CompareRules): Comparison {
  const diff: string[] = [];
  if (expected.columns.length !== actual.columns.length) {
    diff.push(
      `expected ${expected.columns.length} column(s) (${expected.columns.join(', ')}), got ${actual.columns.length} (${actual.columns.join(', ')})`,
    );
    return { equal: false, diff };
  }
  if (rules.columnNames) {
    const mismatched = expected.columns
      .map((c, i) => ({ c, a: actual.columns[i], i }))
      .filter(({ c, a }) => c.toLowerCase() !== a.toLowerCase());
    if (mismatched.length > 0) {
      for (const { c, a, i } of mismatched) diff.push(`column ${i + 1}: expected name "${c}", got "${a}"`);
      return { equal: false, diff };
    }
  }
  const columnRules: ColumnRule[] = [];
  expected.columns.forEach((name, i) => {
    const r = columnRule(expected.types?.[i], actual.types?.[i], rules);
    if (typeof r === 'string') diff.push(`column ${i + 1} ("${name}"): ${r}`);
    else columnRules.push(r);
  });
  if (diff.length > 0) return { equal: false, diff };

  const tolerance = rules.floatTolerance;
  const p: Prepared = {
    rules: columnRules,
    tolerance,
    decimals: tolerance > 0 ? Math.max(0, Math.min(12, Math.floor(-Math.log10(tolerance)))) : 12,
    columns: expected.columns,
  };
  const eCanon = expected.rows.map((row) => row.map((v, c) => columnRules[c].normExpected(v)));
  const aCanon = actual.rows.map((row) => row.map((v, c) => columnRules[c].normActual(v)));

  if (rules.ordered) {
    const n = Math.min(eCanon.length, aCanon.length);
    for (let i = 0; i < n; i++) {
      if (!rowEqual(p, eCanon[i], aCanon[i])) {
        const where = firstDifference(p, { raw: expected.rows[i], canon: eCanon[i] }, { raw: actual.rows[i], canon: aCanon[i] });
        diff.push(`first difference at row ${i + 1}, ${where}; expected row ${formatRow(expected.rows[i])}, got ${formatRow(actual.rows[i])}`);
        break;
      }
    }
    if (eCanon.length !== aCanon.length) diff.push(`expected ${eCanon.length} row(s), got ${aCanon.length}`);
    if (diff.length > 0) {
      const { missing, extra } = multisetDiff(p, eCanon, aCanon);
      if (missing.length > 0) diff.push(`missing ${missing.length} row(s): ${examples(missing.map((i) => expected.rows[i]))}`);
      if (extra.length > 0) diff.push(`unexpected ${extra.length} row(s): ${examples(extra.map((i) => actual.rows[i]))}`);
      if (missing.length === 0 && extra.length === 0) diff.push('the same rows in a different order (the order is part of the answer)');
    }
    return { equal: diff.length === 0, diff };
  }

  const { missing, extra } = multisetDiff(p, eCanon, aCanon);
  if (missing.length === 0 && extra.length === 0) {
    if (rules.orderBy) diff.push(...orderByDiff(p, rules.orderBy, expected, actual, eCanon, aCanon));
    return { equal: diff.length === 0, diff };
  }
  if (eCanon.length !== aCanon.length) diff.push(`expected ${eCanon.length} row(s), got ${aCanon.length}`);
  if (missing.length > 0) diff.push(`missing ${missing.length} row(s): ${examples(missing.map((i) => expected.rows[i]))}`);
  if (extra.length > 0) diff.push(`unexpected ${extra.length} row(s): ${examples(extra.map((i) => actual.rows[i]))}`);
  if (missing.length > 0 && extra.length > 0) {
    const m = missing[0];
    const j = closestRow(p, eCanon[m], aCanon, extra);
    if (j !== undefined) {
      const where = firstDifference(p, { raw: expected.rows[m], canon: eCanon[m] }, { raw: actual.rows[j], canon: aCanon[j] });
      diff.push(`first difference: expected row ${formatRow(expected.rows[m])} is missing; the closest row of the result, ${formatRow(actual.rows[j])}, differs at ${where}`);
    }
  }
  return { equal: false, diff };
}

/** Two single values of the given types (oids) equal under the rules: for tests and callers comparing one cell. */
export function valuesEqual(a: unknown, b: unknown, rules: CompareRules, types: [number | undefined, number | undefined] = [undefined, undefined]): boolean {
  const r = columnRule(types[0], types[1], rules);
  if (typeof r === 'string') return false;
  return canonEqual(r.normExpected(a), r.normActual(b), r.tolerant, rules.floatTolerance);
}
