import assert from 'node:assert/strict';
import { checkApiQuery, checkQuerySql, checkStatementsSql, type GuardResult } from '../../runner/sqlGuard';

function refused(r: GuardResult): { message: string; line: number } {
  assert.equal(r.ok, false, `expected a refusal, got ${JSON.stringify(r)}`);
  return (r as Extract<GuardResult, { ok: false }>).problem;
}

function accepted(r: GuardResult) {
  assert.equal(r.ok, true, JSON.stringify(r));
  return (r as Extract<GuardResult, { ok: true }>).statements;
}

describe('sqlGuard (PostgreSQL parser)', () => {
  describe('splitting as PostgreSQL does', () => {
    it('splits at top-level semicolons only, with each statement\'s text, offset and line', async () => {
      const sql = `SELECT ';' AS a; -- c;omment
        SELECT $x$ ; $x$, "we;ird", E'it\\'s;' /* a; /* nested; */ b; */ ;
        SELECT 3`;
      const sts = accepted(await checkStatementsSql(sql));
      assert.deepEqual(
        sts.map((s) => [s.kind, s.line]),
        [
          ['SELECT', 1],
          ['SELECT', 2],
          ['SELECT', 3],
        ],
      );
      assert.equal(sts[2].text, 'SELECT 3');
      assert.equal(sql.slice(sts[2].offset, sts[2].offset + 8), 'SELECT 3');
    });

    it('sees the COMMIT after an identifier that ends in é$a$ (no dollar quote there)', async () => {
      const sql = "DELETE FROM accounts WHERE owner <> 'x';\nSELECT 1 AS é$a$; COMMIT; SELECT 2 AS \"$a$\"";
      assert.deepEqual(refused(await checkStatementsSql(sql)), {
        message: 'COMMIT is not allowed: transaction control belongs to the judge, your SQL already runs inside its transaction',
        line: 2,
      });
    });

    it('sees the COMMIT after a -- comment ended by a carriage return', async () => {
      const p = refused(await checkStatementsSql('UPDATE t SET a = 1; -- done\rCOMMIT;'));
      assert.match(p.message, /^COMMIT is not allowed/);
    });

    it('keeps offsets right after multi-byte characters', async () => {
      const sql = "SELECT 'ééé' AS x; SELECT 2";
      const sts = accepted(await checkStatementsSql(sql));
      assert.equal(sts[1].text, 'SELECT 2');
      assert.equal(sql.slice(sts[1].offset), 'SELECT 2');
    });

    it('reports a syntax error with PostgreSQL\'s message and line', async () => {
      assert.deepEqual(refused(await checkQuerySql("SELECT 'é';\n\nSELEC 2")), { message: 'syntax error at or near "SELEC"', line: 3 });
    });

    it('refuses an empty submission', async () => {
      assert.match(refused(await checkStatementsSql(' ; -- only a comment\n ; /* x */ ')).message, /no SQL statement/);
    });
  });

  describe('query mode', () => {
    it('accepts one SELECT, WITH ... SELECT, VALUES or TABLE', async () => {
      for (const sql of ['select 1;', '-- hi\nWITH x AS (SELECT 1) SELECT * FROM x', 'VALUES (1), (2)', 'TABLE t', 'SELECT pg_typeof(1), count(*) FROM t'])
        accepted(await checkQuerySql(sql));
    });
    it('refuses several statements, naming the line of the second', async () => {
      assert.deepEqual(refused(await checkQuerySql('select 1;\n drop table employees')), { message: 'exactly one query is expected, found 2 statements', line: 2 });
    });
    it('refuses writes, SELECT INTO and data-modifying CTEs', async () => {
      assert.match(refused(await checkQuerySql('DELETE FROM t')).message, /only one read query .* not DELETE/);
      assert.match(refused(await checkQuerySql('SELECT * INTO z FROM t')).message, /not CREATE TABLE AS/);
      assert.match(refused(await checkQuerySql('WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x')).message, /DELETE is not allowed here: this query may only read/);
    });
  });

  describe('statements mode', () => {
    for (const [sql, kind] of [
      ['COMMIT', 'COMMIT'],
      ['rollback', 'ROLLBACK'],
      ['SAVEPOINT a', 'SAVEPOINT'],
      ['begin', 'BEGIN'],
      ['SET ROLE postgres', 'SET ROLE'],
      ['set session authorization postgres', 'SET SESSION AUTHORIZATION'],
      ["SET session_authorization = 'postgres'", 'SET SESSION AUTHORIZATION'],
      ['RESET ROLE', 'RESET ROLE'],
      ['SET search_path = x', 'SET'],
      ["COPY t TO PROGRAM 'ls'", 'COPY'],
      ["copy t from '/etc/passwd'", 'COPY'],
      ['CREATE EXTENSION dblink', 'CREATE EXTENSION'],
      ['LISTEN x', 'LISTEN'],
      ["NOTIFY x, 'y'", 'NOTIFY'],
      ['DO $$ BEGIN END $$', 'DO'],
      ["CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'", 'CREATE FUNCTION'],
      ['CREATE PROCEDURE p() LANGUAGE sql AS $$ SELECT 1 $$', 'CREATE PROCEDURE'],
      ['CREATE RULE r AS ON INSERT TO t DO INSTEAD NOTHING', 'CREATE RULE'],
      ['CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()', 'CREATE TRIGGER'],
      ['PREPARE p AS SELECT 1', 'PREPARE'],
      ['DECLARE c CURSOR WITH HOLD FOR SELECT 1', 'DECLARE ... WITH HOLD'],
      ['LOCK t', 'LOCK'],
      ['VACUUM', 'VACUUM'],
      ['ALTER SYSTEM SET work_mem = 1', 'ALTER SYSTEM'],
      ['GRANT ALL ON t TO public', 'GRANT'],
      ['CREATE OPERATOR === (FUNCTION = lo_export, LEFTARG = oid, RIGHTARG = text)', 'CREATE OPERATOR/AGGREGATE/TYPE'],
    ] as const) {
      it(`refuses ${sql}, naming ${kind} and its line`, async () => {
        const p = refused(await checkStatementsSql(`UPDATE t SET a = 1;\n${sql};`));
        assert.ok(p.message.startsWith(`${kind} is not allowed`), p.message);
        assert.equal(p.line, 2);
      });
    }

    it('accepts DML and table DDL by default', async () => {
      const sts = accepted(await checkStatementsSql('ALTER TABLE t ADD COLUMN b int; UPDATE t SET b = 1; CREATE INDEX ON t (b); MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE;'));
      assert.deepEqual(sts.map((s) => s.kind), ['ALTER TABLE', 'UPDATE', 'CREATE INDEX', 'MERGE']);
    });
    it('takes the challenge\'s list of allowed kinds', async () => {
      assert.match(refused(await checkStatementsSql('ALTER TABLE t ADD COLUMN b int', ['UPDATE'])).message, /^ALTER TABLE is not allowed in this challenge \(allowed: UPDATE, SELECT\)/);
      assert.match(refused(await checkStatementsSql('WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d', ['UPDATE'])).message, /^DELETE is not allowed here/);
    });
    it('does not mistake a quoted keyword for a statement', async () => {
      accepted(await checkStatementsSql("INSERT INTO t VALUES ('; COMMIT')"));
    });
    it('looks inside nested statements: EXPLAIN, CREATE TABLE AS, column defaults', async () => {
      assert.match(refused(await checkStatementsSql('EXPLAIN ANALYZE DELETE FROM t')).message, /^EXPLAIN is not allowed/);
      assert.match(refused(await checkStatementsSql("ALTER TABLE t ADD COLUMN z text DEFAULT pg_catalog.pg_read_file('x')")).message, /pg_catalog\.pg_read_file\(\) is not allowed/);
      assert.match(refused(await checkStatementsSql('CREATE TABLE z AS SELECT pg_sleep(1)')).message, /pg_sleep\(\) is not allowed/);
    });
    it('allows sequence functions only on sequences the submission creates', async () => {
      accepted(await checkStatementsSql("CREATE SEQUENCE s; SELECT nextval('s'), setval('s'::regclass, 5)"));
      assert.match(refused(await checkStatementsSql("SELECT nextval('accounts_id_seq')")).message, /nextval\(\) is not allowed: sequences may only be used when your statements create them/);
      assert.match(refused(await checkStatementsSql('SELECT currval(x) FROM t')).message, /currval\(\) is not allowed/);
    });
  });

  describe('functions, however spelled', () => {
    for (const [sql, name] of [
      [`SELECT U&"lo\\005fexport"(1, '/tmp/x')`, 'lo_export'],
      [`SELECT "LO_IMPORT"('/etc/passwd')`, 'LO_IMPORT'],
      [`SELECT lo_from_bytea(0, 'x')`, 'lo_from_bytea'],
      [`SELECT loread(0, 1)`, 'loread'],
      [`SELECT set_config('session_authorization', 'postgres', false)`, 'set_config'],
      [`SELECT U&"set\\005fconfig"('role', 'postgres', true)`, 'set_config'],
      [`SELECT pg_catalog.pg_read_binary_file('/etc/passwd')`, 'pg_catalog.pg_read_binary_file'],
      [`SELECT * FROM pg_ls_dir('.')`, 'pg_ls_dir'],
      [`SELECT pg_sleep_for('1 minute')`, 'pg_sleep_for'],
      [`SELECT pg_advisory_lock(1)`, 'pg_advisory_lock'],
      [`SELECT pg_terminate_backend(1)`, 'pg_terminate_backend'],
      [`SELECT pg_reload_conf()`, 'pg_reload_conf'],
      [`SELECT pg_notify('x', 'y')`, 'pg_notify'],
      [`SELECT query_to_xml('select 1', true, true, '')`, 'query_to_xml'],
      [`SELECT * FROM dblink('host=x', 'select 1') AS t(a int)`, 'dblink'],
      [`SELECT (SELECT max(x) FROM (SELECT lo_unlink(1) AS x) s)`, 'lo_unlink'],
    ] as const) {
      it(`refuses ${name}() in ${sql}`, async () => {
        const p = refused(await checkQuerySql(sql));
        assert.ok(p.message.startsWith(`calling ${name}() is not allowed`), p.message);
      });
    }
  });

  describe('ctx.db queries', () => {
    it('allow one SELECT or DML statement with bound parameters', async () => {
      assert.equal(await checkApiQuery('SELECT $1::int'), undefined);
      assert.equal(await checkApiQuery('INSERT INTO notes (body) VALUES ($1) RETURNING id'), undefined);
    });
    it('refuse several statements, transaction control, session changes and privileged functions', async () => {
      assert.match((await checkApiQuery('SELECT 1; SELECT 2'))!, /one statement/);
      assert.match((await checkApiQuery('COMMIT'))!, /transaction control/);
      assert.match((await checkApiQuery("SET session_authorization = 'postgres'"))!, /SET SESSION AUTHORIZATION is not allowed/);
      assert.match((await checkApiQuery('CREATE TABLE x (a int)'))!, /CREATE TABLE is not allowed/);
      assert.match((await checkApiQuery(`SELECT U&"lo\\005fexport"(1, '/tmp/x')`))!, /lo_export\(\) is not allowed/);
      assert.match((await checkApiQuery('SELEC 1'))!, /^db\.query: syntax error/);
    });
  });
});
