import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { acquireInstance, pgliteHostStats } from '../../../runner/pglite/host';
import type { WorkerRequest } from '../../../runner/pglite/protocol';

const KEY = `host-test-${process.pid}`;
const RECIPE = ['CREATE TABLE t (id serial PRIMARY KEY, v int);', 'INSERT INTO t (v) VALUES (1), (2);'];
/** Statements as runner/sqlGuard.ts would hand them over (the host itself trusts its caller). */
const sts = (...texts: string[]) => texts.map((text) => ({ text, offset: 0 }));
const select: Extract<WorkerRequest, { op: 'runSql' }> = { op: 'runSql', mode: 'query', statements: sts('SELECT id, v FROM t ORDER BY id'), verify: [], maxRows: 100, maxBytes: 10_000 };

describe('pglite/host', function () {
  this.timeout(120_000);

  it('over the budget, replays a new dataset into the idle instance of another instead of loading one', async () => {
    const fixture = fileURLToPath(new URL('./reuseFixture.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', fixture], {
      env: { ...process.env, SQL_MEMORY_MB: '128', ASSAY_PGLITE_INSTANCE_MB: '128', ASSAY_PGLITE_SPARES: '0' },
    });
    const out = JSON.parse(stdout.trim().split('\n').pop()!) as { seen: { rows: unknown[][]; clean: boolean }; live: number; firstStarted: string };
    assert.equal(out.live, 1);
    // The same PostgreSQL (same start time), holding only the second dataset, its sequence from 1.
    assert.deepEqual(out.seen.rows, [[true, 1, 0, out.firstStarted]], 'nothing of the first dataset is left, and sequences start afresh');
    assert.equal(out.seen.clean, true);
  });

  it('rolls every run back, sequences included', async () => {
    const lease = await acquireInstance(KEY, RECIPE);
    try {
      const write = await lease.call({ ...select, mode: 'statements', statements: sts('INSERT INTO t (v) VALUES (3)', 'DELETE FROM t WHERE id = 1'), verify: ['SELECT id, v FROM t ORDER BY id'] });
      assert.equal(write.kind, 'ok');
      if (write.kind === 'ok') {
        assert.deepEqual(write.result.tables?.[0].rows, [[2, 2], [3, 3]]);
        assert.equal(write.result.clean, true);
      }
      const again = await lease.call({ ...select, mode: 'statements', statements: sts('INSERT INTO t (v) VALUES (3)'), verify: ['SELECT id, v FROM t ORDER BY id'] });
      assert.ok(again.kind === 'ok');
      if (again.kind === 'ok') assert.deepEqual(again.result.tables?.[0].rows, [[1, 1], [2, 2], [3, 3]]);
    } finally {
      await lease.release();
    }
  });

  it('terminates a query at the time limit and restores the instance in the background', async () => {
    const lease = await acquireInstance(KEY, RECIPE);
    const out = await lease.call({ ...select, statements: sts('SELECT pg_sleep(30)') }, { timeoutMs: 200 });
    assert.equal(out.kind, 'timeout');
    assert.equal(lease.lost, true);
    await lease.release();
    assert.ok(pgliteHostStats().restoring >= 1 || pgliteHostStats().keys.includes(KEY));
    const next = await acquireInstance(KEY, RECIPE);
    try {
      const r = await next.call(select, { timeoutMs: 5000 });
      assert.ok(r.kind === 'ok');
      if (r.kind === 'ok') assert.deepEqual(r.result.tables?.[0].rows, [[1, 1], [2, 2]]);
    } finally {
      await next.release();
    }
  });

  it('caps the rows that come back', async () => {
    const lease = await acquireInstance(KEY, RECIPE);
    try {
      const r = await lease.call({ ...select, statements: sts('SELECT g FROM generate_series(1, 500) g'), maxRows: 100 });
      assert.ok(r.kind === 'ok');
      if (r.kind === 'ok') {
        assert.equal(r.result.truncated, 'rows');
        assert.equal(r.result.tables?.[0].rows.length, 100);
      }
    } finally {
      await lease.release();
    }
  });
});
