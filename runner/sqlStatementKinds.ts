// The statement kinds a statements-mode SQL challenge may allow (`sql.allow` in challenge.yaml). Kept apart
// from runner/sqlGuard.ts so the challenge schema (runner/spec.ts) can name them without loading the parser.

export const SQL_STATEMENT_KINDS = [
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'TRUNCATE',
  'CREATE TABLE',
  'CREATE TABLE AS',
  'ALTER TABLE',
  'CREATE INDEX',
  'CREATE VIEW',
  'CREATE SEQUENCE',
  'ALTER SEQUENCE',
  'DROP TABLE',
  'DROP INDEX',
  'DROP VIEW',
  'DROP SEQUENCE',
  'COMMENT',
] as const;

export type SqlStatementKind = (typeof SQL_STATEMENT_KINDS)[number];

/**
 * What statements mode allows when the challenge does not say: DML and the table-level DDL a data fix or a
 * migration needs. Every one runs inside the judge's rolled-back transaction; none can define code
 * (functions, rules, triggers, operators), which is what could outlive or escape it.
 */
export const DEFAULT_STATEMENTS_ALLOW: readonly SqlStatementKind[] = SQL_STATEMENT_KINDS;
