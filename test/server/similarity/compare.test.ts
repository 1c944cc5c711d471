import assert from 'node:assert/strict';
import { compareSources, FLAG_THRESHOLD } from '../../../server/similarity/compare';
import { DIFFERENT, ORIGINAL, RENAMED, SQL_DIFFERENT, SQL_ORIGINAL, SQL_RENAMED, STARTER } from './sources';

describe('similarity between two sources', () => {
  it('renamed variables, other messages and comments still match (high similarity, flagged)', () => {
    const s = compareSources(ORIGINAL, RENAMED, 'typescript', { starter: STARTER });
    // Not 1: the rename also turned two shorthand properties ({ quantity }) into { quantity: amount }.
    assert.ok(s.similarity >= FLAG_THRESHOLD, `similarity ${s.similarity}`);
    assert.ok(s.flagged);
    assert.ok(s.regions.some((r) => r.a.startLine <= 14 && r.a.endLine >= 25), 'the handlers are one matched region');
  });

  it('an independent solution of the same task scores low and is not flagged', () => {
    const s = compareSources(ORIGINAL, DIFFERENT, 'typescript', { starter: STARTER });
    assert.ok(s.similarity < 0.2, `similarity ${s.similarity}`);
    assert.equal(s.flagged, false);
  });

  it('excludes the starter code: two submissions that only kept the starter share nothing', () => {
    const withExtra = (extra: string) => STARTER.replace(/}\n$/, `${extra}\n}\n`);
    const a = withExtra('  app.delete("/items", (q: any, r: any) => r.status(204).end());');
    const b = withExtra('  const cache: Record<string, string> = {}; Object.freeze(cache);');
    const excluded = compareSources(a, b, 'typescript', { starter: STARTER });
    const included = compareSources(a, b, 'typescript');
    assert.ok(included.similarity > excluded.similarity, `${included.similarity} > ${excluded.similarity}`);
    assert.equal(excluded.flagged, false);
    const same = compareSources(STARTER, STARTER, 'typescript', { starter: STARTER });
    assert.equal(same.similarity, 0);
    assert.equal(same.flagged, false);
  });

  it('maps matching fingerprints back to the right lines in both sources', () => {
    // The copied function sits at lines 2-9 of A and lines 6-13 of B; the rest differs.
    const copied = (name: string, arr: string) => `function ${name}(${arr}: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < ${arr}.length; i++) {
    if (${arr}[i] % 2 === 0 && out.indexOf(${arr}[i]) < 0) out.push(${arr}[i] * 3);
  }
  out.sort((p, q) => q - p);
  return out.slice(0, 10);
}`;
    const a = `// a\n${copied('evens', 'xs')}\nexport const greeting = 'hello';\n`;
    const b = `class Stack<T> {
  private items: T[] = [];
  push(item: T) { this.items.push(item); }
  pop(): T | undefined { return this.items.pop(); }
}
${copied('pickEven', 'values')}
while (true) { if (Math.random() > 0.5) break; }
`;
    const s = compareSources(a, b, 'typescript', { winnow: { k: 8, w: 4 } });
    assert.ok(s.regions.length >= 1, 'a region is reported');
    for (const r of s.regions) {
      assert.ok(r.a.startLine >= 2 && r.a.endLine <= 9, `A lines ${r.a.startLine}-${r.a.endLine}`);
      assert.ok(r.b.startLine >= 6 && r.b.endLine <= 13, `B lines ${r.b.startLine}-${r.b.endLine}`);
      // The same offset in both: line n of A matches line n + 4 of B.
      assert.equal(r.b.startLine - r.a.startLine, 4);
    }
    const covered = s.regions.reduce((n, r) => n + r.a.endLine - r.a.startLine + 1, 0);
    assert.ok(covered >= 6, `covers ${covered} lines of the 8 copied`);
  });

  it('SQL: renamed aliases match, a different approach does not', () => {
    const renamed = compareSources(SQL_ORIGINAL, SQL_RENAMED, 'sql');
    assert.equal(renamed.similarity, 1);
    assert.equal(renamed.regions.length, 1);
    assert.deepEqual(renamed.regions[0], { a: { startLine: 2, endLine: 4 }, b: { startLine: 1, endLine: 3 } });
    const different = compareSources(SQL_ORIGINAL, SQL_DIFFERENT, 'sql');
    assert.ok(different.similarity < 0.2, `similarity ${different.similarity}`);
  });
});
