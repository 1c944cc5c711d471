// Hostile SQL through the SQL kind and the judge: every case has its expected verdict in its first line,
// cases run in file order against the same warm instances, and the host must still judge correctly after.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadChallenge, type Challenge } from '../../runner/challenge';
import { judgeToResult } from '../../runner/judge';
import { acquireInstance } from '../../runner/pglite/host';
import type { TestFinished } from '../../runner/types';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/hostile-sql');

async function cases(dir: string): Promise<Array<{ name: string; sql: string; expect: string }>> {
  const files = (await readdir(path.join(FIXTURES, dir))).filter((f) => f.endsWith('.sql')).sort();
  return Promise.all(
    files.map(async (f) => {
      const sql = await readFile(path.join(FIXTURES, dir, f), 'utf8');
      const expect = /^-- expect: (\w+)/.exec(sql)?.[1];
      if (!expect) throw new Error(`${f}: first line must be "-- expect: <verdict>"`);
      return { name: f.replace(/\.sql$/, ''), sql, expect };
    }),
  );
}

const queryCases = await cases('query');
const statementCases = await cases('statements');

for (const [mode, list] of [
  ['query', queryCases],
  ['statements', statementCases],
] as const) {
  describe(`hostile SQL, ${mode} mode`, function () {
    this.timeout(120_000);
    let challenge: Challenge;
    before(async () => {
      challenge = await loadChallenge(path.join(FIXTURES, `${mode}-challenge`));
    });

    for (const c of list) {
      it(`${c.name} -> ${c.expect}`, async () => {
        const { finished, events } = await judgeToResult(challenge, { code: c.sql, language: 'sql' });
        const tests = events.filter((e): e is TestFinished => e.type === 'test:finished');
        assert.equal(finished.verdict, c.expect, JSON.stringify(tests.map((t) => t.detail)) + (finished.compileError?.message ?? ''));
        if (c.expect === 'compile_error') assert.ok(finished.compileError?.message);
        if (c.expect === 'runtime_error') assert.match(tests[0].detail?.message ?? '', /^ERROR: /);
      });
    }
  });
}

describe('hostile SQL: what a candidate database holds', function () {
  this.timeout(120_000);
  it('has only the schema and the dataset: no expected results, no other dataset, no platform tables', async () => {
    const challenge = await loadChallenge(path.join(FIXTURES, 'query-challenge'));
    // Make sure the reference result has been computed in this process before looking.
    await judgeToResult(challenge, { code: challenge.solution.code, language: 'sql' });
    const ds = challenge.sql!.datasets[0];
    const lease = await acquireInstance(`sql:${challenge.hash}:${ds.name}`, []);
    try {
      const out = await lease.call({
        op: 'runSql',
        mode: 'query',
        sql: `SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
              UNION ALL SELECT 'database ' || datname FROM pg_database
              UNION ALL SELECT 'large object ' || oid FROM pg_largeobject_metadata
              ORDER BY 1`,
        verify: [],
        maxRows: 1000,
        maxBytes: 100_000,
      });
      assert.equal(out.kind, 'ok');
      if (out.kind !== 'ok') return;
      assert.deepEqual(out.result.tables?.[0].rows.map((r) => r[0]), [
        'database postgres',
        'public.accounts',
        'public.accounts_id_seq',
        'public.accounts_pkey',
      ]);
      // and no row of the data holds the reference's answer in any other form
      const data = await lease.call({ op: 'runSql', mode: 'query', sql: 'SELECT * FROM accounts ORDER BY id', verify: [], maxRows: 10, maxBytes: 10_000 });
      assert.equal(data.kind, 'ok');
      if (data.kind === 'ok') assert.deepEqual(data.result.tables?.[0].rows, [[1, 'ann', 10], [2, 'bob', 20], [3, 'cy', 30]]);
    } finally {
      await lease.release();
    }
  });
});
