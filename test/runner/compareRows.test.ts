import assert from 'node:assert/strict';
import { compareRows, valuesEqual, type ResultTable } from '../../runner/compareRows';
import { compareRulesSchema, type CompareRules } from '../../runner/spec';

const rules = (r: Record<string, unknown> = {}): CompareRules => compareRulesSchema.parse(r);

// PostgreSQL type oids.
const TEXT = 25;
const BPCHAR = 1042;
const VARCHAR = 1043;
const INT4 = 23;
const INT8 = 20;
const NUMERIC = 1700;
const FLOAT8 = 701;
const BOOL = 16;
const DATE = 1082;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;
const INTERVAL = 1186;
const JSONB = 3802;
const JSON_ = 114;
const INT4_ARRAY = 1007;
const NUMERIC_ARRAY = 1231;
const TEXT_ARRAY = 1009;

const eq = (a: unknown, b: unknown, ta: number, tb = ta, r: Record<string, unknown> = {}) => valuesEqual(a, b, rules(r), [ta, tb]);

describe('compareRows', () => {
  describe('typed values', () => {
    it('compares text exactly, never as a number', () => {
      assert.equal(eq('00234', '00234', TEXT), true);
      assert.equal(eq('00234', '234', TEXT), false);
      assert.equal(eq('00234', '  234', TEXT), false);
      assert.equal(eq('10.50', '10.5', TEXT), false);
      assert.equal(eq('abc', 'ABC', TEXT), false);
      assert.equal(eq('abc', 'abc', TEXT, VARCHAR), true);
    });
    it('ignores case or whitespace in text only when the rules say so', () => {
      assert.equal(eq('Main Street', 'main street', TEXT, TEXT, { ignoreCase: true }), true);
      assert.equal(eq(' Main   Street ', 'Main Street', TEXT, TEXT, { ignoreWhitespace: true }), true);
      assert.equal(eq(' Main   Street ', 'main street', TEXT, TEXT, { ignoreWhitespace: true }), false);
      assert.equal(eq('00234', '234', TEXT, TEXT, { ignoreWhitespace: true, ignoreCase: true }), false);
    });
    it('ignores the padding of character(n) as PostgreSQL does', () => {
      assert.equal(eq('ab  ', 'ab', BPCHAR, TEXT), true);
      assert.equal(eq('ab', 'ab ', TEXT, TEXT), false);
    });
    it('compares integers exactly, whatever their width, beyond 2^53 too', () => {
      assert.equal(eq(3, 3, INT4, INT8), true);
      assert.equal(eq(3, 4, INT4, INT4, { floatTolerance: 5 }), false);
      assert.equal(eq('9007199254740993', '9007199254740993', INT8), true);
      assert.equal(eq('9007199254740993', '9007199254740992', INT8), false);
    });
    it('compares numerics by value within the tolerance', () => {
      assert.equal(eq('10.50', 10.5, NUMERIC), true);
      assert.equal(eq(10.5, 10.51, NUMERIC), false);
      assert.equal(eq(1.004, 1, NUMERIC, NUMERIC, { floatTolerance: 0.005 }), true);
      assert.equal(eq('9007199254740993.00', '9007199254740993', NUMERIC), true);
      assert.equal(eq('NaN', 'NaN', NUMERIC), true);
    });
    it('compares floats within the tolerance', () => {
      assert.equal(eq(0.1 + 0.2, 0.3, FLOAT8), true);
      assert.equal(eq(1.006, 1, FLOAT8, FLOAT8, { floatTolerance: 0.005 }), false);
      assert.equal(eq('Infinity', 'Infinity', FLOAT8), true);
    });
    it('treats integer, numeric and float as different types unless declared equivalent', () => {
      assert.equal(eq(10, '10', INT4, NUMERIC), false);
      assert.equal(eq(10, '10.000', INT4, NUMERIC, { equivalentTypes: ['integer ~ numeric'] }), true);
      assert.equal(eq(0.5, '0.5000001', FLOAT8, NUMERIC, { equivalentTypes: ['float ~ numeric'] }), true);
    });
    it('compares booleans and NULLs', () => {
      assert.equal(eq(true, true, BOOL), true);
      assert.equal(eq(true, false, BOOL), false);
      assert.equal(eq(null, null, TEXT), true);
      assert.equal(eq('', null, TEXT), false);
      assert.equal(eq(null, 0, INT4), false);
    });
    it('compares dates, timestamps and intervals by value', () => {
      assert.equal(eq('2024-01-02', '2024-01-02', DATE), true);
      assert.equal(eq('2024-01-02', new Date('2024-01-02T00:00:00Z'), DATE), true);
      assert.equal(eq('2024-01-02T10:00:00.500', '2024-01-02T10:00:00.5', TIMESTAMP), true);
      assert.equal(eq('2024-01-02T10:00:00.000Z', '2024-01-02T11:00:00+01:00', TIMESTAMPTZ), true);
      assert.equal(eq('1 day', '24:00:00', INTERVAL), true);
      assert.equal(eq('1 mon', '30 days', INTERVAL), true);
      assert.equal(eq('1 day 02:00:00', '1 day 01:59:59.5', INTERVAL), false);
      assert.equal(eq('-1 days +02:00:00', '-22:00:00', INTERVAL), true);
    });
    it('compares a date with a timestamp only when declared equivalent', () => {
      assert.equal(eq('2024-03-01', '2024-03-01T00:00:00', DATE, TIMESTAMP), false);
      const r = { equivalentTypes: ['date ~ timestamp'] };
      assert.equal(eq('2024-03-01', '2024-03-01T00:00:00', DATE, TIMESTAMP, r), true);
      assert.equal(eq('2024-03-01', '2024-03-01T00:00:01', DATE, TIMESTAMP, r), false);
    });
    it('compares JSON by value, json and jsonb alike', () => {
      assert.equal(eq({ b: 1, a: [1, 2] }, { a: [1, 2], b: 1 }, JSONB, JSON_), true);
      assert.equal(eq({ a: 1 }, { a: 2 }, JSONB), false);
      assert.equal(eq('1', 1, JSONB), false);
    });
    it('compares arrays element by element with the element type', () => {
      assert.equal(eq([1, 2, null], [1, 2, null], INT4_ARRAY), true);
      assert.equal(eq([1, 2], [2, 1], INT4_ARRAY), false);
      assert.equal(eq(['1.50', '2'], [1.5, '2.0'], NUMERIC_ARRAY), true);
      assert.equal(eq([['a'], ['b']], [['a'], ['b']], TEXT_ARRAY), true);
      assert.equal(eq(['007'], ['7'], TEXT_ARRAY), false);
      assert.equal(eq([1], 1, INT4_ARRAY, INT4), false);
    });
    it('compares by JSON shape when a side has no types, text never as a number', () => {
      assert.equal(valuesEqual('10.50', 10.5, rules()), false);
      assert.equal(valuesEqual(10.5, 10.5000001, rules()), true);
      assert.equal(valuesEqual('a', 'a', rules()), true);
    });
  });

  describe('multisets', () => {
    const expected: ResultTable = { columns: ['name', 'total'], types: [TEXT, INT4], rows: [['a', 1], ['b', 2], ['b', 2]] };
    it('ignores row order and column-name case', () => {
      const c = compareRows(expected, { columns: ['NAME', 'Total'], types: [TEXT, INT8], rows: [['b', 2], ['a', 1], ['b', 2]] }, rules());
      assert.deepEqual(c, { equal: true, diff: [] });
    });
    it('counts duplicates', () => {
      const c = compareRows(expected, { columns: ['name', 'total'], types: [TEXT, INT4], rows: [['a', 1], ['b', 2]] }, rules());
      assert.equal(c.equal, false);
      assert.deepEqual(c.diff, ['expected 3 row(s), got 2', 'missing 1 row(s): ("b", 2)']);
    });
    it('names missing and extra rows, and the first differing column with both values and types', () => {
      const c = compareRows(expected, { columns: ['name', 'total'], types: [TEXT, INT4], rows: [['a', 1], ['b', 2], ['b', 3]] }, rules());
      assert.deepEqual(c.diff, [
        'missing 1 row(s): ("b", 2)',
        'unexpected 1 row(s): ("b", 3)',
        'first difference: expected row ("b", 2) is missing; the closest row of the result, ("b", 3), differs at column 2 ("total"): expected 2 (integer), got 3 (integer)',
      ]);
    });
    it('rejects zero-padded text answered without the padding', () => {
      const zips: ResultTable = { columns: ['zip'], types: [TEXT], rows: [['00234'], ['12345']] };
      const c = compareRows(zips, { columns: ['zip'], types: [TEXT], rows: [['  234'], ['12345']] }, rules());
      assert.equal(c.equal, false);
      assert.match(c.diff.at(-1)!, /column 1 \("zip"\): expected "00234" \(text\), got " {2}234" \(text\)/);
    });
    it('reports a column of another type before any row', () => {
      const c = compareRows(expected, { columns: ['name', 'total'], types: [TEXT, NUMERIC], rows: [['a', 1], ['b', 2], ['b', 2]] }, rules());
      assert.deepEqual(c.diff, ['column 2 ("total"): expected type integer, got numeric']);
    });
    it('matches values within tolerance across a rounding boundary', () => {
      const c = compareRows({ columns: ['x'], types: [FLOAT8], rows: [[0.1249999]] }, { columns: ['x'], types: [FLOAT8], rows: [[0.1250001]] }, rules({ floatTolerance: 1e-3 }));
      assert.equal(c.equal, true);
    });
  });

  describe('ordered', () => {
    it('reports the first differing row and column', () => {
      const c = compareRows(
        { columns: ['id'], types: [INT4], rows: [[1], [2], [3]] },
        { columns: ['id'], types: [INT4], rows: [[1], [3], [2]] },
        rules({ ordered: true }),
      );
      assert.equal(c.equal, false);
      assert.equal(c.diff[0], 'first difference at row 2, column 1 ("id"): expected 2 (integer), got 3 (integer); expected row (2), got (3)');
      assert.match(c.diff.at(-1)!, /different order/);
    });
    it('reports missing trailing rows', () => {
      const c = compareRows({ columns: ['id'], types: [INT4], rows: [[1], [2]] }, { columns: ['id'], types: [INT4], rows: [[1]] }, rules({ ordered: true }));
      assert.deepEqual(c.diff, ['expected 2 row(s), got 1', 'missing 1 row(s): (2)']);
    });
  });

  describe('orderBy keys', () => {
    // Ordered by cost desc: items b and c tie at 5.
    const expected: ResultTable = { columns: ['name', 'cost'], types: [TEXT, INT4], rows: [['a', 9], ['b', 5], ['c', 5], ['d', 1]] };
    const actual = (rows: unknown[][]): ResultTable => ({ columns: ['name', 'cost'], types: [TEXT, INT4], rows });
    it('accepts ties in any order', () => {
      assert.deepEqual(compareRows(expected, actual([['a', 9], ['c', 5], ['b', 5], ['d', 1]]), rules({ orderBy: ['cost desc'] })), { equal: true, diff: [] });
    });
    it('rejects rows out of the key order and names them', () => {
      const c = compareRows(expected, actual([['a', 9], ['d', 1], ['b', 5], ['c', 5]]), rules({ orderBy: ['cost desc'] }));
      assert.deepEqual(c.diff, ['rows 2 and 3 are out of order (the rows must be ordered by cost desc): row 2 has cost = 1 (integer), row 3 has cost = 5 (integer)']);
    });
    it('takes a column position and a second key', () => {
      const byBoth = rules({ orderBy: ['2 desc', 'name'] });
      assert.equal(compareRows(expected, actual([['a', 9], ['b', 5], ['c', 5], ['d', 1]]), byBoth).equal, true);
      assert.equal(compareRows(expected, actual([['a', 9], ['c', 5], ['b', 5], ['d', 1]]), byBoth).equal, false);
      assert.equal(compareRows(expected, actual([['a', 9], ['c', 5], ['b', 5], ['d', 1]]), rules({ orderBy: [2] })).equal, false);
    });
    it('still compares the rows as a multiset first', () => {
      const c = compareRows(expected, actual([['a', 9], ['b', 5], ['d', 1]]), rules({ orderBy: ['cost desc'] }));
      assert.deepEqual(c.diff.slice(0, 2), ['expected 4 row(s), got 3', 'missing 1 row(s): ("c", 5)']);
    });
    it('fails the reference itself when its rows are not sorted by the keys', () => {
      const c = compareRows(expected, expected, rules({ orderBy: ['name desc'] }));
      assert.equal(c.equal, true, 'text keys sort by the database collation: only their grouping is checked');
      assert.match(compareRows(expected, expected, rules({ orderBy: ['cost'] })).diff[0], /not sorted by compare.orderBy \(cost\)/);
      const unsorted: ResultTable = { ...expected, rows: [['a', 5], ['b', 9], ['c', 5]] };
      assert.match(compareRows(unsorted, unsorted, rules({ orderBy: ['cost'] })).diff[0], /not sorted by compare.orderBy/);
      assert.match(compareRows(expected, expected, rules({ orderBy: ['price'] })).diff[0], /names no column/);
    });
    it('parses keys and rejects orderBy together with ordered', () => {
      assert.deepEqual(rules({ orderBy: ['"Total Cost" desc nulls last', 'name', 3] }).orderBy, [
        { column: 'Total Cost', descending: true, nullsFirst: false },
        { column: 'name', descending: false, nullsFirst: false },
        { column: 3, descending: false, nullsFirst: false },
      ]);
      assert.throws(() => rules({ orderBy: ['cost sideways'] }));
      assert.throws(() => rules({ ordered: true, orderBy: ['cost'] }));
      assert.throws(() => rules({ equivalentTypes: ['text ~ integer'] }));
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
