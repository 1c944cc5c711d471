// Reference: each field becomes the set of values it allows; the search then skips whole months, days and hours
// that cannot match, so even a yearly schedule takes a few hundred steps.
interface Field {
  values: Set<number>;
  star: boolean;
}

const RANGES: Array<[number, number]> = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

function number(text: string, lo: number, hi: number): number {
  if (!/^\d+$/.test(text)) throw new Error(`"${text}" is not a number`);
  const n = Number(text);
  if (n < lo || n > hi) throw new Error(`${n} is outside ${lo}-${hi}`);
  return n;
}

function parseField(text: string, [lo, hi]: [number, number]): Field {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText, extra] = part.split('/');
    if (extra !== undefined) throw new Error(`"${part}" has two steps`);
    const step = stepText === undefined ? 1 : number(stepText, 1, hi);
    let start: number;
    let end: number;
    if (range === '*') [start, end] = [lo, hi];
    else if (range.includes('-')) {
      const [a, b, more] = range.split('-');
      if (more !== undefined) throw new Error(`"${range}" is not a range`);
      [start, end] = [number(a, lo, hi), number(b, lo, hi)];
      if (end < start) throw new Error(`"${range}" ends before it starts`);
    } else {
      start = number(range, lo, hi);
      end = stepText === undefined ? start : hi;
    }
    for (let v = start; v <= end; v += step) values.add(v);
  }
  return { values, star: text === '*' };
}

export function nextRun(expression: string, after: string): string {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`a cron expression has 5 fields, not ${parts.length}`);
  const [minute, hour, dom, month, dow] = parts.map((p, i) => parseField(p, RANGES[i]));
  if (dow.values.has(7)) dow.values.add(0);
  const start = Date.parse(after);
  if (Number.isNaN(start)) throw new Error(`"${after}" is not a time`);
  const t = new Date(Math.floor(start / 60000) * 60000 + 60000);
  const limit = start + 5 * 366 * 24 * 3600 * 1000;
  const dayMatches = (d: Date) => {
    const byDom = dom.values.has(d.getUTCDate());
    const byDow = dow.values.has(d.getUTCDay());
    if (dom.star && dow.star) return true;
    if (dom.star) return byDow;
    if (dow.star) return byDom;
    return byDom || byDow;
  };
  while (t.getTime() <= limit) {
    if (!month.values.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0, 0, 0);
    } else if (!dayMatches(t)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0, 0, 0);
    } else if (!hour.values.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
    } else if (!minute.values.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
    } else return t.toISOString();
  }
  throw new Error(`"${expression}" never matches`);
}
