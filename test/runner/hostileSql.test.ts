// Hostile SQL through the SQL kind and the judge: every case has its expected verdict in its first line,
// cases run in file order against the same warm instances, and the host must still judge correctly after.
// Then the layer under the parser: SQL that slipped past it (sent to the worker directly) must leave the
// instance discarded and the next run on the same dataset untouched; and ctx.db's hostile spellings.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadChallenge, type Challenge } from '../../runner/challenge';
import { judgeToResult } from '../../runner/judge';
import { acquireApiDatabase } from '../../runner/pglite/apiDatabase';
import { acquireInstance } from '../../runner/pglite/host';
import type { WorkerRequest } from '../../runner/pglite/protocol';
import type { TestFinished } from '../../runner/types';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/hostile-sql');

const sts = (...texts: string[]) => texts.map((text) => ({ text, offset: 0 }));

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
const apiCases = await cases('api-db');

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
        statements: sts(`SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
              UNION ALL SELECT 'database ' || datname FROM pg_database
              UNION ALL SELECT 'large object ' || oid FROM pg_largeobject_metadata
              ORDER BY 1`),
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
      const data = await lease.call({ op: 'runSql', mode: 'query', statements: sts('SELECT * FROM accounts ORDER BY id'), verify: [], maxRows: 10, maxBytes: 10_000 });
      assert.equal(data.kind, 'ok');
      if (data.kind === 'ok') assert.deepEqual(data.result.tables?.[0].rows, [[1, 'ann', 10], [2, 'bob', 20], [3, 'cy', 30]]);
    } finally {
      await lease.release();
    }
  });
});

describe('hostile SQL past the parser: an instance is never shared on trust', function () {
  this.timeout(180_000);
  let challenge: Challenge;
  let key: string;
  let recipe: string[];
  before(async () => {
    challenge = await loadChallenge(path.join(FIXTURES, 'statements-challenge'));
    const ds = challenge.sql!.datasets[0];
    key = `sql:${challenge.hash}:${ds.name}`;
    recipe = [challenge.sql!.schema, ds.sql!];
  });

  const run = (statements: string[]): Extract<WorkerRequest, { op: 'runSql' }> => ({
    op: 'runSql',
    mode: 'statements',
    statements: sts(...statements),
    verify: ['SELECT id, owner, balance FROM accounts ORDER BY id'],
    maxRows: 100,
    maxBytes: 10_000,
  });

  /** Send SQL the guard would refuse straight to a worker, as the kind would handle the outcome. */
  async function smuggle(statements: string[]): Promise<string | undefined> {
    const lease = await acquireInstance(key, recipe);
    try {
      const out = await lease.call(run(statements), { timeoutMs: 10_000 });
      assert.equal(out.kind, 'ok');
      if (out.kind !== 'ok') return undefined;
      assert.equal(out.result.clean, false, 'the cleanup must notice');
      if (!out.result.clean) lease.discard();
      return out.result.dirty;
    } finally {
      await lease.release();
    }
  }

  async function judgeReference(): Promise<void> {
    const { finished } = await judgeToResult(challenge, { code: challenge.solution.code, language: 'sql' });
    assert.equal(finished.verdict, 'accepted', JSON.stringify(finished));
  }

  it('a committed DELETE is caught by the transaction ids and the next run sees the dataset intact', async () => {
    await judgeReference();
    const dirty = await smuggle(['DELETE FROM accounts', 'COMMIT']);
    assert.match(dirty ?? '', /committed/);
    await judgeReference();
  });

  it('with the cleanup after the reply (as the kind runs tests), a committed DELETE still discards the instance before reuse', async () => {
    await judgeReference();
    const lease = await acquireInstance(key, recipe);
    const out = await lease.call({ ...run(['DELETE FROM accounts', 'COMMIT']), cleanupAfterReply: true }, { timeoutMs: 10_000 });
    assert.equal(out.kind, 'ok');
    if (out.kind === 'ok') assert.equal(out.result.clean, undefined, 'the reply comes before the checks');
    await lease.release();
    assert.equal(lease.lost, true, 'the instance is terminated, not parked for reuse');
    await judgeReference();
  });

  it('a committed sequence and rule (planted to copy later submissions) discard the instance', async () => {
    const dirty = await smuggle([
      'CREATE SEQUENCE planted',
      'CREATE TABLE loot (owner text, balance int)',
      'CREATE RULE steal AS ON INSERT TO accounts DO ALSO INSERT INTO loot VALUES (NEW.owner, NEW.balance)',
      'COMMIT',
    ]);
    assert.match(dirty ?? '', /committed|fingerprint/);
    const lease = await acquireInstance(key, recipe);
    try {
      const out = await lease.call({ ...run([]), mode: 'query', statements: sts(`SELECT count(*)::int FROM pg_class WHERE relname IN ('planted', 'loot')`) });
      assert.ok(out.kind === 'ok');
      if (out.kind === 'ok') assert.deepEqual(out.result.tables?.[0].rows, [[0]]);
    } finally {
      await lease.release();
    }
    await judgeReference();
  });
});

describe('hostile SQL through ctx.db (database-backed API challenges)', function () {
  this.timeout(180_000);
  const apiChallenge = {
    slug: 'hostile-api-db',
    hash: `hostile-api-db-${process.pid}`,
    limits: { cpuMsPerTest: 1000 },
    api: {
      tests: [],
      database: { schema: 'CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL);', seed: "INSERT INTO notes (body) VALUES ('hidden request body');" },
    },
  } as unknown as Challenge;

  for (const c of apiCases) {
    it(`${c.name} is refused before it reaches the database`, async () => {
      const db = await acquireApiDatabase(apiChallenge);
      try {
        const sql = c.sql.replace(/^-- expect: \w+\n/, '');
        await assert.rejects(db.query(sql, []), /^Error: db\.query: /);
        // and the submission carries on with a working database
        assert.deepEqual((await db.query('SELECT count(*)::int AS n FROM notes', [])).rows, [{ n: 1 }]);
      } finally {
        await db.release();
      }
    });
  }

  it('a superuser file write that slipped past the parser discards the instance; the file does not reach the next submission', async () => {
    const key = `api:${apiChallenge.hash}`;
    const recipe = [apiChallenge.api!.database!.schema, apiChallenge.api!.database!.seed];
    const query = (sql: string): WorkerRequest => ({ op: 'apiQuery', sql, params: [], maxRows: 10 });
    const lease = await acquireInstance(key, recipe);
    try {
      assert.equal((await lease.call({ op: 'begin' })).kind, 'ok');
      // Back to the session user (a superuser in PGlite's single-user mode), then a large-object export.
      await lease.call(query('RESET ROLE'));
      await lease.call(query(`SELECT lo_from_bytea(424242, convert_to('stolen', 'UTF8'))`));
      const wrote = await lease.call(query(`SELECT lo_export(424242, '/tmp/assay-leak')`));
      assert.ok(wrote.kind === 'ok' && !wrote.result.error, JSON.stringify(wrote));
      const out = await lease.call({ op: 'cleanup' });
      assert.ok(out.kind === 'ok');
      if (out.kind === 'ok') {
        assert.equal(out.result.clean, false);
        assert.match(out.result.dirty ?? '', /file system written: open \/tmp\/assay-leak/);
        lease.discard();
      }
    } finally {
      await lease.release();
    }
    const next = await acquireInstance(key, recipe);
    try {
      await next.call({ op: 'begin' });
      await next.call(query('RESET ROLE'));
      const seen = await next.call(query(`SELECT pg_stat_file('/tmp/assay-leak', true) IS NULL AS gone`));
      assert.ok(seen.kind === 'ok');
      if (seen.kind === 'ok') assert.deepEqual(seen.result.table?.rows, [[true]]);
      await next.call({ op: 'cleanup' });
    } finally {
      await next.release();
    }
  });
});
