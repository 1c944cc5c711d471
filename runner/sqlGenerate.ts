// Generated SQL datasets: a GeneratorSpec (runner/spec.ts) becomes INSERT statements. Seeded with a
// small PRNG (mulberry32) so the same spec yields the same rows on every machine and Node version.
import type { ColumnGenerator, GeneratorSpec } from './spec';

/** mulberry32: 32-bit state, uniform floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROWS_PER_INSERT = 500;
const DAY_MS = 86_400_000;

function quote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function literal(v: string | number | null): string {
  if (v === null) return 'NULL';
  return typeof v === 'number' ? String(v) : quote(v);
}

function parseInstant(s: string, what: string): number {
  // A bound without a zone is UTC, so a seed yields the same rows on every machine whatever its time zone.
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s.replace(' ', 'T');
  const t = Date.parse(/(Z|[+-]\d\d:?\d\d)$/i.test(iso) ? iso : `${iso}Z`);
  if (Number.isNaN(t)) throw new Error(`generate: ${what} "${s}" is not a date`);
  return t;
}

function nullRate(g: ColumnGenerator): number {
  return 'nullRate' in g && g.nullRate !== undefined ? g.nullRate : 0;
}

/** INSERT statements for every table of the spec, in the spec's order. */
export function generateInserts(spec: GeneratorSpec): string {
  const random = mulberry32(spec.seed);
  const rowCounts = new Map<string, number>();
  const out: string[] = [];
  for (const table of spec.tables) {
    const columns = Object.keys(table.columns);
    const unique = new Map<string, number>();
    const rows: string[] = [];
    for (let i = 0; i < table.rows; i++) {
      const values = columns.map((col) => {
        const g = table.columns[col];
        // One draw for the null decision of every column, always: adding a nullRate to one column
        // does not reshuffle the others' values.
        const isNull = random() < nullRate(g);
        const r = random();
        if ('serial' in g) return String(i + 1);
        if (isNull) return 'NULL';
        if ('int' in g) {
          const [lo, hi] = g.int;
          return String(lo + Math.floor(r * (hi - lo + 1)));
        }
        if ('decimal' in g) {
          const [lo, hi] = g.decimal;
          return (lo + r * (hi - lo)).toFixed(g.scale);
        }
        if ('pick' in g) return literal(g.pick[Math.floor(r * g.pick.length)]);
        if ('date' in g) {
          const lo = parseInstant(g.date[0], 'date');
          const hi = parseInstant(g.date[1], 'date');
          const days = Math.floor((hi - lo) / DAY_MS);
          return quote(new Date(lo + Math.floor(r * (days + 1)) * DAY_MS).toISOString().slice(0, 10));
        }
        if ('timestamp' in g) {
          const lo = parseInstant(g.timestamp[0], 'timestamp');
          const hi = parseInstant(g.timestamp[1], 'timestamp');
          const seconds = Math.floor((hi - lo) / 1000);
          return quote(new Date(lo + Math.floor(r * (seconds + 1)) * 1000).toISOString().replace('.000Z', 'Z'));
        }
        if ('text' in g) {
          if (g.text.unique) {
            const n = (unique.get(col) ?? 0) + 1;
            unique.set(col, n);
            return quote(`${g.text.prefix}${n}`);
          }
          return quote(`${g.text.prefix}${Math.floor(r * 36 ** 5).toString(36).padStart(5, '0')}`);
        }
        const refRows = rowCounts.get(g.ref);
        if (refRows === undefined) throw new Error(`generate: ${table.table}.${col} refers to ${g.ref}, which is not generated before it`);
        if (refRows === 0) return 'NULL';
        return String(1 + Math.floor(r * refRows));
      });
      rows.push(`(${values.join(', ')})`);
    }
    rowCounts.set(table.table, table.rows);
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      out.push(`INSERT INTO ${table.table} (${columns.join(', ')}) VALUES\n${rows.slice(i, i + ROWS_PER_INSERT).join(',\n')};`);
    }
  }
  return out.join('\n');
}
