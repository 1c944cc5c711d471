import assert from 'node:assert/strict';
import { generateInserts, mulberry32 } from '../../runner/sqlGenerate';
import { generatorSchema } from '../../runner/spec';

const spec = generatorSchema.parse({
  seed: 42,
  tables: [
    { table: 'customers', rows: 3, columns: { id: { serial: true }, name: { text: { prefix: "o'", unique: true } } } },
    {
      table: 'orders',
      rows: 600,
      columns: {
        id: { serial: true },
        customer_id: { ref: 'customers' },
        status: { pick: ['paid', null] },
        total: { decimal: [1, 2], scale: 2, nullRate: 0.5 },
        placed: { date: ['2024-02-28', '2024-03-01'] },
        at: { timestamp: ['2024-01-01T00:00:00Z', '2024-01-01T00:00:10Z'] },
        qty: { int: [-1, 1] },
      },
    },
  ],
});

describe('sqlGenerate', () => {
  it('mulberry32 is deterministic per seed', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const c = mulberry32(8);
    const xs = [a(), a(), a()];
    assert.deepEqual(xs, [b(), b(), b()]);
    assert.notDeepEqual(xs, [c(), c(), c()]);
    assert.ok(xs.every((x) => x >= 0 && x < 1));
  });

  it('produces the same SQL for the same spec and different SQL for another seed', () => {
    assert.equal(generateInserts(spec), generateInserts(spec));
    assert.notEqual(generateInserts(spec), generateInserts({ ...spec, seed: 43 }));
  });

  it('respects ranges, references, quoting and null rates', () => {
    const sql = generateInserts(spec);
    assert.match(sql, /INSERT INTO customers \(id, name\) VALUES\n\(1, 'o''1'\),\n\(2, 'o''2'\),\n\(3, 'o''3'\);/);
    const orderRows = [...sql.matchAll(/^\((\d+), (\w+), (NULL|'paid'), (NULL|[\d.]+), '([\d-]+)', '([^']+)', (-?\d+)\)[,;]$/gm)];
    assert.equal(orderRows.length, 600);
    // 600 rows are split into INSERTs of at most 500
    assert.equal((sql.match(/INSERT INTO orders/g) ?? []).length, 2);
    const nullTotals = orderRows.filter((m) => m[4] === 'NULL').length;
    assert.ok(nullTotals > 200 && nullTotals < 400, `about half the totals are NULL, got ${nullTotals}`);
    for (const m of orderRows) {
      assert.ok(['1', '2', '3'].includes(m[2]));
      if (m[4] !== 'NULL') assert.ok(Number(m[4]) >= 1 && Number(m[4]) <= 2 && /^\d\.\d\d$/.test(m[4]));
      assert.ok(['2024-02-28', '2024-02-29', '2024-03-01'].includes(m[5]));
      assert.match(m[6], /^2024-01-01T00:00:(0\d|10)Z$/);
      assert.ok(['-1', '0', '1'].includes(m[7]));
    }
  });

  it('rejects a reference to a table not generated before', () => {
    const bad = generatorSchema.parse({ seed: 1, tables: [{ table: 'a', rows: 1, columns: { b_id: { ref: 'b' } } }] });
    assert.throws(() => generateInserts(bad), /refers to b/);
  });
});
