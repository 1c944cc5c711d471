import assert from 'node:assert/strict';
import type { Challenge } from '../../../runner/challenge';
import { acquireApiDatabase, DbTimeoutError } from '../../../runner/pglite/apiDatabase';

const challenge = {
  slug: 'api-db-fixture',
  hash: `api-db-fixture-${process.pid}`,
  limits: { cpuMsPerTest: 1000 },
  api: {
    tests: [],
    database: {
      schema: 'CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL, at date);',
      seed: "INSERT INTO notes (body, at) VALUES ('first', '2024-02-29'), ('second', NULL);",
    },
  },
} as unknown as Challenge;

describe('pglite/apiDatabase', function () {
  this.timeout(120_000);

  it('binds parameters, keeps a test\'s writes until reset, and rolls them back', async () => {
    const db = await acquireApiDatabase(challenge);
    try {
      const quote = "it's; DROP TABLE notes; --";
      const ins = await db.query('INSERT INTO notes (body) VALUES ($1) RETURNING id, body', [quote]);
      assert.deepEqual(ins.rows, [{ id: 3, body: quote }]);
      assert.deepEqual(ins.fields, ['id', 'body']);
      const seen = await db.query('SELECT count(*) AS n FROM notes', []);
      assert.deepEqual(seen.rows, [{ n: 3 }]);
      await db.reset();
      const again = await db.query('SELECT id, body, at FROM notes ORDER BY id', []);
      assert.deepEqual(again.rows, [
        { id: 1, body: 'first', at: '2024-02-29' },
        { id: 2, body: 'second', at: null },
      ]);
      // the sequence was put back too: the next insert gets id 3 again
      const next = await db.query('INSERT INTO notes (body) VALUES ($1) RETURNING id', ['x']);
      assert.deepEqual(next.rows, [{ id: 3 }]);
    } finally {
      await db.release();
    }
  });

  it('keeps going after a failing query and refuses transaction control', async () => {
    const db = await acquireApiDatabase(challenge);
    try {
      await db.query('DELETE FROM notes WHERE id = $1', [1]);
      await assert.rejects(db.query("SELECT * FROM notes WHERE id = 'x'", []), /invalid input syntax for type integer/);
      assert.deepEqual((await db.query('SELECT count(*)::int AS n FROM notes', [])).rows, [{ n: 1 }]);
      await assert.rejects(db.query('COMMIT', []), /transaction control/);
      await assert.rejects(db.query('SELECT 1; SELECT 2', []), /one statement/);
    } finally {
      await db.release();
    }
  });

  it('stops a runaway query at its timeout and carries on with a restored database', async () => {
    const db = await acquireApiDatabase(challenge);
    try {
      await db.query('DELETE FROM notes', []);
      const started = performance.now();
      await assert.rejects(db.query('SELECT count(*) FROM generate_series(1, 10000000000)', [], { timeoutMs: 200 }), DbTimeoutError);
      assert.ok(performance.now() - started < 5000);
      await db.reset();
      assert.deepEqual((await db.query('SELECT count(*)::int AS n FROM notes', [])).rows, [{ n: 2 }]);
    } finally {
      await db.release();
    }
  });
});
