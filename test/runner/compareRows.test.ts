import assert from 'node:assert/strict';
import { compareRows, valuesEqual } from '../../runner/compareRows';
import type { CompareRules } from '../../runner/spec';

const rules = (r: Partial<CompareRules> = {}): CompareRules => ({ ordered: false, columnNames: true, floatTolerance: 1e-6, ...r });

describe('compareRows', () => {
  describe('values', () => {
    it('treats numeric text and numbers as the same value', () => {
      assert.equal(valuesEqual('10.50', 10.5, 0), true);
      assert.equal(valuesEqual(5, '5', 0), true);
      assert.equal(valuesEqual('10.50', 10.51, 0), false);
    });
    it('compares integers beyond 2^53 exactly', () => {
      assert.equal(valuesEqual('9007199254740993', '9007199254740993', 0), true);
      assert.equal(valuesEqual('9007199254740993', '9007199254740992', 0), false);
      assert.equal(valuesEqual('9007199254740993.00', '9007199254740993', 0), true);
    });
    it('applies the float tolerance', () => {
      assert.equal(valuesEqual(0.1 + 0.2, 0.3, 1e-9), true);
      assert.equal(valuesEqual(1.004, 1, 0.005), true);
      assert.equal(valuesEqual(1.006, 1, 0.005), false);
    });
    it('NULL equals NULL and nothing else', () => {
      assert.equal(valuesEqual(null, null, 0), true);
      assert.equal(valuesEqual(null, 0, 0), false);
      assert.equal(valuesEqual('', null, 0), false);
    });
    it('compares dates as text and JSON structurally', () => {
      assert.equal(valuesEqual('2024-01-02', '2024-01-02', 0), true);
      assert.equal(valuesEqual({ b: 1, a: [1, 2] }, { a: [1, 2], b: 1 }, 0), true);
      assert.equal(valuesEqual({ a: 1 }, { a: 2 }, 0), false);
    });
  });

  describe('multisets', () => {
    const expected = { columns: ['name', 'total'], rows: [['a', 1], ['b', 2], ['b', 2]] };
    it('ignores row order and column-name case', () => {
      const c = compareRows(expected, { columns: ['NAME', 'Total'], rows: [['b', '2.00'], ['a', 1], ['b', 2]] }, rules());
      assert.deepEqual(c, { equal: true, diff: [] });
    });
    it('counts duplicates', () => {
      const c = compareRows(expected, { columns: ['name', 'total'], rows: [['a', 1], ['b', 2]] }, rules());
      assert.equal(c.equal, false);
      assert.deepEqual(c.diff, ['expected 3 row(s), got 2', 'missing 1 row(s): ("b", 2)']);
    });
    it('names missing and extra rows', () => {
      const c = compareRows(expected, { columns: ['name', 'total'], rows: [['a', 1], ['b', 2], ['c', null]] }, rules());
      assert.deepEqual(c.diff, ['missing 1 row(s): ("b", 2)', 'unexpected 1 row(s): ("c", NULL)']);
    });
    it('matches values within tolerance across a rounding boundary', () => {
      const c = compareRows({ columns: ['x'], rows: [[0.1249999]] }, { columns: ['x'], rows: [[0.1250001]] }, rules({ floatTolerance: 1e-3 }));
      assert.equal(c.equal, true);
    });
  });

  describe('ordered', () => {
    it('reports the first differing row', () => {
      const c = compareRows(
        { columns: ['id'], rows: [[1], [2], [3]] },
        { columns: ['id'], rows: [[1], [3], [2]] },
        rules({ ordered: true }),
      );
      assert.equal(c.equal, false);
      assert.equal(c.diff[0], 'first difference at row 2: expected (2), got (3)');
      assert.match(c.diff.at(-1)!, /different order/);
    });
    it('reports missing trailing rows', () => {
      const c = compareRows({ columns: ['id'], rows: [[1], [2]] }, { columns: ['id'], rows: [[1]] }, rules({ ordered: true }));
      assert.deepEqual(c.diff, ['expected 2 row(s), got 1', 'missing 1 row(s): (2)']);
    });
  });

  describe('columns', () => {
    it('reports a column name mismatch when names count', () => {
      const c = compareRows({ columns: ['total'], rows: [[1]] }, { columns: ['sum'], rows: [[1]] }, rules());
      assert.deepEqual(c.diff, ['column 1: expected name "total", got "sum"']);
    });
    it('compares by position only when names do not count', () => {
      const c = compareRows({ columns: ['total'], rows: [[1]] }, { columns: ['sum'], rows: [[1]] }, rules({ columnNames: false }));
      assert.equal(c.equal, true);
    });
    it('reports a different number of columns', () => {
      const c = compareRows({ columns: ['a', 'b'], rows: [] }, { columns: ['a'], rows: [] }, rules({ columnNames: false }));
      assert.deepEqual(c.diff, ['expected 2 column(s) (a, b), got 1 (a)']);
    });
  });
});
