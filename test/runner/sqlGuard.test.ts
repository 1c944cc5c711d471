import assert from 'node:assert/strict';
import { checkApiQuery, checkQuerySql, checkStatementsSql, mayEscape, splitStatements } from '../../runner/sqlGuard';

describe('sqlGuard', () => {
  describe('splitStatements', () => {
    it('splits at top-level semicolons only', () => {
      const parts = splitStatements(`SELECT ';' AS a; -- c;omment
        SELECT $x$ ; $x$, "we;ird", E'it\\'s;' /* a; /* nested; */ b; */ ;
        SELECT 3`);
      assert.deepEqual(
        parts.map((p) => [p.words[0], p.line]),
        [
          ['SELECT', 1],
          ['SELECT', 2],
          ['SELECT', 3],
        ],
      );
    });
    it('ignores empty statements and comments', () => {
      assert.deepEqual(splitStatements(' ; -- only a comment\n ; /* x */ '), []);
    });
  });

  describe('query mode', () => {
    it('accepts one read query, with or without a trailing semicolon', () => {
      assert.equal(checkQuerySql('select 1;'), undefined);
      assert.equal(checkQuerySql('-- hi\nWITH x AS (SELECT 1) SELECT * FROM x'), undefined);
      assert.equal(checkQuerySql('VALUES (1), (2)'), undefined);
    });
    it('rejects several statements, naming the line of the second', () => {
      assert.deepEqual(checkQuerySql('select 1;\n drop table employees'), {
        message: 'exactly one query is expected, found 2 statements',
        line: 2,
      });
    });
    it('rejects writes and transaction control', () => {
      assert.match(checkQuerySql('DELETE FROM t')!.message, /only a read query/);
      assert.match(checkQuerySql('COMMIT')!.message, /transaction control/);
    });
  });

  describe('statements mode', () => {
    for (const sql of [
      'COMMIT',
      'rollback',
      'SAVEPOINT a',
      'begin',
      'SET ROLE postgres',
      'set session authorization postgres',
      'RESET ROLE',
      "COPY t TO PROGRAM 'ls'",
      "copy t from '/etc/passwd'",
      'CREATE EXTENSION dblink',
      'LISTEN x',
      "NOTIFY x, 'y'",
      'DO $$ BEGIN END $$',
      'GRANT ALL ON t TO public',
      'ALTER SYSTEM SET work_mem = 1',
    ]) {
      it(`rejects ${sql}`, () => {
        const p = checkStatementsSql(`UPDATE t SET a = 1;\n${sql};`);
        assert.ok(p, sql);
        assert.equal(p.line, 2);
      });
    }
    it('accepts DDL and DML', () => {
      assert.equal(checkStatementsSql('ALTER TABLE t ADD COLUMN b int; UPDATE t SET b = 1; CREATE INDEX ON t (b);'), undefined);
    });
    it('does not mistake a quoted keyword for a statement', () => {
      assert.equal(checkStatementsSql("INSERT INTO t VALUES ('; COMMIT')"), undefined);
    });
  });

  describe('api queries', () => {
    it('allow one statement and refuse transaction control', () => {
      assert.equal(checkApiQuery('SELECT $1::int'), undefined);
      assert.match(checkApiQuery('SELECT 1; SELECT 2')!, /one statement/);
      assert.match(checkApiQuery('COMMIT')!, /transaction control/);
    });
  });

  it('flags text that could reach past a transaction', () => {
    assert.equal(mayEscape('select salary from employees'), false);
    assert.equal(mayEscape("select set_config('role', 'postgres', true)"), true);
    assert.equal(mayEscape('select lo_export(1, $$/x$$)'), true);
    assert.equal(mayEscape("select query_to_xml('select 1', true, true, '')"), true);
  });
});
