// Row-set comparison for SQL challenges with the rules of compareRulesSchema (runner/spec.ts):
// ordered or multiset, column names significant or only positions, a float tolerance, and value
// normalisation (numeric '10.50' equals 10.5, bigint equals int, NULL equals NULL, dates as ISO text).
import type { CompareRules } from './spec';

export interface ResultTable {
  columns: string[];
  rows: unknown[][];
}

export interface Comparison {
  equal: boolean;
  /** Human-readable lines; empty when equal. */
  diff: string[];
}

const MAX_EXAMPLES = 5;
const NUMERIC_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && NUMERIC_TEXT.test(v.trim())) return Number(v);
  return undefined;
}

/** Exact decimal text of a numeric value, for integers beyond 2^53 where floats would lie. */
function canonicalDecimal(v: unknown): string | undefined {
  const s = typeof v === 'string' ? v.trim() : typeof v === 'bigint' || typeof v === 'number' ? String(v) : undefined;
  if (s === undefined || !/^[+-]?\d+(\.\d*)?$/.test(s)) return undefined;
  let [int, frac = ''] = s.replace(/^\+/, '').split('.');
  const neg = int.startsWith('-');
  int = int.replace('-', '').replace(/^0+(?=\d)/, '');
  frac = frac.replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : int;
  return neg && body !== '0' ? `-${body}` : body;
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export function valuesEqual(a: unknown, b: unknown, tolerance: number): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== undefined && nb !== undefined) {
    if (Math.abs(na) > Number.MAX_SAFE_INTEGER || Math.abs(nb) > Number.MAX_SAFE_INTEGER) {
      const ca = canonicalDecimal(a);
      const cb = canonicalDecimal(b);
      if (ca !== undefined && cb !== undefined) return ca === cb;
    }
    if (Number.isNaN(na) || Number.isNaN(nb)) return Number.isNaN(na) && Number.isNaN(nb);
    return na === nb || Math.abs(na - nb) <= tolerance;
  }
  if (typeof a === 'object' || typeof b === 'object') return stableJson(a) === stableJson(b);
  return a === b;
}

function rowsEqual(a: unknown[], b: unknown[], tolerance: number): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i], b[i], tolerance)) return false;
  return true;
}

/** A bucket key that rows equal under the rules share (numbers rounded to the tolerance's grid). */
function rowKey(row: unknown[], tolerance: number): string {
  const decimals = tolerance > 0 ? Math.max(0, Math.min(12, Math.floor(-Math.log10(tolerance)))) : 12;
  return row
    .map((v) => {
      if (v === null || v === undefined) return 'N';
      const n = asNumber(v);
      if (n !== undefined) {
        if (Math.abs(n) > Number.MAX_SAFE_INTEGER) return `D${canonicalDecimal(v) ?? n}`;
        const r = Number(n.toFixed(decimals));
        return `F${Object.is(r, -0) ? 0 : r}`;
      }
      if (typeof v === 'object') return `J${stableJson(v)}`;
      return `${typeof v}:${String(v)}`;
    })
    .join('\u0001');
}

export function formatRow(row: unknown[]): string {
  return `(${row.map((v) => (v === null || v === undefined ? 'NULL' : typeof v === 'string' ? JSON.stringify(v) : stableJson(v))).join(', ')})`;
}

function examples(rows: unknown[][]): string {
  const shown = rows.slice(0, MAX_EXAMPLES).map(formatRow).join(', ');
  return rows.length > MAX_EXAMPLES ? `${shown}, … (${rows.length - MAX_EXAMPLES} more)` : shown;
}

/** Multiset difference: rows of `a` not matched by a row of `b`, and vice versa. */
function multisetDiff(expected: unknown[][], actual: unknown[][], tolerance: number): { missing: unknown[][]; extra: unknown[][] } {
  const buckets = new Map<string, unknown[][]>();
  for (const row of actual) {
    const k = rowKey(row, tolerance);
    const list = buckets.get(k);
    if (list) list.push(row);
    else buckets.set(k, [row]);
  }
  const missing: unknown[][] = [];
  for (const row of expected) {
    const list = buckets.get(rowKey(row, tolerance));
    const i = list ? list.findIndex((r) => rowsEqual(row, r, tolerance)) : -1;
    if (list && i >= 0) list.splice(i, 1);
    else missing.push(row);
  }
  let extra = [...buckets.values()].flat();
  // Values within tolerance can straddle a rounding boundary: match the leftovers pairwise.
  if (missing.length > 0 && extra.length > 0 && missing.length * extra.length <= 1_000_000) {
    const stillMissing: unknown[][] = [];
    for (const row of missing) {
      const i = extra.findIndex((r) => rowsEqual(row, r, tolerance));
      if (i >= 0) extra.splice(i, 1);
      else stillMissing.push(row);
    }
    return { missing: stillMissing, extra };
  }
  extra = extra.slice();
  return { missing, extra };
}

export function compareRows(expected: ResultTable, actual: ResultTable, rules: CompareRules): Comparison {
  const diff: string[] = [];
  const tol = rules.floatTolerance;
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
  if (rules.ordered) {
    const n = Math.min(expected.rows.length, actual.rows.length);
    for (let i = 0; i < n; i++) {
      if (!rowsEqual(expected.rows[i], actual.rows[i], tol)) {
        diff.push(`first difference at row ${i + 1}: expected ${formatRow(expected.rows[i])}, got ${formatRow(actual.rows[i])}`);
        break;
      }
    }
    if (expected.rows.length !== actual.rows.length) diff.push(`expected ${expected.rows.length} row(s), got ${actual.rows.length}`);
    if (diff.length > 0) {
      const { missing, extra } = multisetDiff(expected.rows, actual.rows, tol);
      if (missing.length > 0) diff.push(`missing ${missing.length} row(s): ${examples(missing)}`);
      if (extra.length > 0) diff.push(`unexpected ${extra.length} row(s): ${examples(extra)}`);
      if (missing.length === 0 && extra.length === 0) diff.push('the same rows in a different order (the order is part of the answer)');
    }
    return { equal: diff.length === 0, diff };
  }
  const { missing, extra } = multisetDiff(expected.rows, actual.rows, tol);
  if (missing.length === 0 && extra.length === 0) return { equal: true, diff };
  if (expected.rows.length !== actual.rows.length) diff.push(`expected ${expected.rows.length} row(s), got ${actual.rows.length}`);
  if (missing.length > 0) diff.push(`missing ${missing.length} row(s): ${examples(missing)}`);
  if (extra.length > 0) diff.push(`unexpected ${extra.length} row(s): ${examples(extra)}`);
  return { equal: false, diff };
}
