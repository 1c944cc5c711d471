// What candidate SQL may contain, decided by PostgreSQL's own parser (libpg-query, the parser of PostgreSQL
// 18, the version PGlite runs) before anything reaches PGlite. A hand-written splitter disagreed with the
// server's lexer in corner cases (a `$` after a non-ASCII identifier letter, a `--` comment ended by a
// carriage return) and let a COMMIT through unseen; the parser splits exactly as the server does and
// normalises every spelling (U&"..." identifiers, quoted names) before we look at a name.
//
// Three checks, all on the parse tree:
// - the statement kinds, per mode (an allowlist: query mode one SELECT/VALUES/TABLE; statements mode the
//   kinds the challenge allows; ctx.db one DML or SELECT statement);
// - every statement nested anywhere (CTEs, subqueries, EXPLAIN, CREATE TABLE AS, rule actions) against
//   the same allowlist, SELECT always allowed, DML only where the mode allows writing;
// - every function call anywhere against a deny list (files, large objects, settings, sleeping, locks,
//   signalling, dynamic SQL, other databases) plus a rule on catalog functions: any `pg_*` function not on
//   a short list of pure ones is refused.
// The judge then runs each statement on its own through the extended protocol (runner/pglite/worker.ts),
// inside a transaction that is always rolled back, and fingerprints the instance afterwards: this file is
// the first line, not the only one.
import { loadModule, parseSync } from 'libpg-query';
import { DEFAULT_STATEMENTS_ALLOW, type SqlStatementKind } from './sqlStatementKinds';

export interface SqlStatement {
  /** The statement's text, exactly as the candidate wrote it (no trailing semicolon). */
  text: string;
  /** Kind, e.g. 'SELECT', 'CREATE TABLE', 'COMMIT', 'SET ROLE'. */
  kind: string;
  /** 0-based character offset of `text` in the submitted SQL. */
  offset: number;
  /** 1-based line of the statement's first character. */
  line: number;
}

export interface GuardProblem {
  message: string;
  line: number;
}

export type GuardResult = { ok: true; statements: SqlStatement[] } | { ok: false; problem: GuardProblem };

let ready: Promise<void> | undefined;

/** Compiles the parser's WebAssembly once per process (~30-40 ms); every check awaits it. */
export function loadSqlParser(): Promise<void> {
  ready ??= loadModule().catch((e: unknown) => {
    ready = undefined;
    throw e;
  });
  return ready;
}

type Node = Record<string, unknown>;
interface RawStmt {
  stmt: Node;
  stmt_location?: number;
  stmt_len?: number;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Parse and split; a syntax error comes back as PostgreSQL's message with its line. */
async function parse(sql: string): Promise<{ ok: true; stmts: Array<RawStmt & { text: string; offset: number; line: number }> } | { ok: false; problem: GuardProblem }> {
  await loadSqlParser();
  let tree: { stmts?: RawStmt[] };
  try {
    tree = parseSync(sql) as unknown as { stmts?: RawStmt[] };
  } catch (e) {
    const err = e as { message?: string; sqlDetails?: { cursorPosition?: number } };
    const pos = err.sqlDetails?.cursorPosition;
    return { ok: false, problem: { message: err.message ?? String(e), line: pos !== undefined ? lineAt(sql, pos) : 1 } };
  }
  // Locations are UTF-8 byte offsets; the candidate's text is a JS string.
  const bytes = Buffer.from(sql, 'utf8');
  const ascii = bytes.length === sql.length;
  const charAt = (byte: number) => (ascii ? byte : bytes.subarray(0, byte).toString('utf8').length);
  const stmts = (tree.stmts ?? []).map((s) => {
    const startByte = s.stmt_location ?? 0;
    const start = charAt(startByte);
    const end = s.stmt_len ? charAt(startByte + s.stmt_len) : sql.length;
    const raw = sql.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    return { ...s, text: raw.trim(), offset: start + lead, line: lineAt(sql, start + lead) };
  });
  return { ok: true, stmts };
}

// ---- statement kinds ----

const OBJECT_NAMES: Record<string, string> = {
  OBJECT_TABLE: 'TABLE',
  OBJECT_INDEX: 'INDEX',
  OBJECT_VIEW: 'VIEW',
  OBJECT_MATVIEW: 'MATERIALIZED VIEW',
  OBJECT_SEQUENCE: 'SEQUENCE',
  OBJECT_FUNCTION: 'FUNCTION',
  OBJECT_PROCEDURE: 'PROCEDURE',
  OBJECT_ROUTINE: 'ROUTINE',
  OBJECT_SCHEMA: 'SCHEMA',
  OBJECT_TYPE: 'TYPE',
  OBJECT_DOMAIN: 'DOMAIN',
  OBJECT_TRIGGER: 'TRIGGER',
  OBJECT_RULE: 'RULE',
  OBJECT_EXTENSION: 'EXTENSION',
  OBJECT_ROLE: 'ROLE',
  OBJECT_DATABASE: 'DATABASE',
  OBJECT_FOREIGN_TABLE: 'FOREIGN TABLE',
  OBJECT_COLUMN: 'TABLE',
  OBJECT_TABCONSTRAINT: 'TABLE',
};

const TRANSACTION_KINDS: Record<string, string> = {
  TRANS_STMT_BEGIN: 'BEGIN',
  TRANS_STMT_START: 'START TRANSACTION',
  TRANS_STMT_COMMIT: 'COMMIT',
  TRANS_STMT_ROLLBACK: 'ROLLBACK',
  TRANS_STMT_SAVEPOINT: 'SAVEPOINT',
  TRANS_STMT_RELEASE: 'RELEASE SAVEPOINT',
  TRANS_STMT_ROLLBACK_TO: 'ROLLBACK TO SAVEPOINT',
  TRANS_STMT_PREPARE: 'PREPARE TRANSACTION',
  TRANS_STMT_COMMIT_PREPARED: 'COMMIT PREPARED',
  TRANS_STMT_ROLLBACK_PREPARED: 'ROLLBACK PREPARED',
};

const FIXED_KINDS: Record<string, string> = {
  InsertStmt: 'INSERT',
  UpdateStmt: 'UPDATE',
  DeleteStmt: 'DELETE',
  MergeStmt: 'MERGE',
  TruncateStmt: 'TRUNCATE',
  CreateStmt: 'CREATE TABLE',
  IndexStmt: 'CREATE INDEX',
  ViewStmt: 'CREATE VIEW',
  CreateSeqStmt: 'CREATE SEQUENCE',
  AlterSeqStmt: 'ALTER SEQUENCE',
  CommentStmt: 'COMMENT',
  DoStmt: 'DO',
  RuleStmt: 'CREATE RULE',
  CreateTrigStmt: 'CREATE TRIGGER',
  CreateEventTrigStmt: 'CREATE EVENT TRIGGER',
  CreateExtensionStmt: 'CREATE EXTENSION',
  AlterExtensionStmt: 'ALTER EXTENSION',
  CopyStmt: 'COPY',
  ListenStmt: 'LISTEN',
  UnlistenStmt: 'UNLISTEN',
  NotifyStmt: 'NOTIFY',
  PrepareStmt: 'PREPARE',
  ExecuteStmt: 'EXECUTE',
  DeallocateStmt: 'DEALLOCATE',
  LockStmt: 'LOCK',
  AlterSystemStmt: 'ALTER SYSTEM',
  CallStmt: 'CALL',
  ExplainStmt: 'EXPLAIN',
  DiscardStmt: 'DISCARD',
  CheckPointStmt: 'CHECKPOINT',
  LoadStmt: 'LOAD',
  VariableShowStmt: 'SHOW',
  CreateRoleStmt: 'CREATE ROLE',
  AlterRoleStmt: 'ALTER ROLE',
  AlterRoleSetStmt: 'ALTER ROLE',
  DropRoleStmt: 'DROP ROLE',
  CreatedbStmt: 'CREATE DATABASE',
  AlterDatabaseStmt: 'ALTER DATABASE',
  AlterDatabaseSetStmt: 'ALTER DATABASE',
  DropdbStmt: 'DROP DATABASE',
  CreateSchemaStmt: 'CREATE SCHEMA',
  DefineStmt: 'CREATE OPERATOR/AGGREGATE/TYPE',
  CreateCastStmt: 'CREATE CAST',
  CreateOpClassStmt: 'CREATE OPERATOR CLASS',
  CreateConversionStmt: 'CREATE CONVERSION',
  CreateFdwStmt: 'CREATE FOREIGN DATA WRAPPER',
  CreateForeignServerStmt: 'CREATE SERVER',
  CreateForeignTableStmt: 'CREATE FOREIGN TABLE',
  ImportForeignSchemaStmt: 'IMPORT FOREIGN SCHEMA',
  CreatePublicationStmt: 'CREATE PUBLICATION',
  CreateSubscriptionStmt: 'CREATE SUBSCRIPTION',
  ReassignOwnedStmt: 'REASSIGN OWNED',
  DropOwnedStmt: 'DROP OWNED',
  ClusterStmt: 'CLUSTER',
  ReindexStmt: 'REINDEX',
  RefreshMatViewStmt: 'REFRESH MATERIALIZED VIEW',
  SecLabelStmt: 'SECURITY LABEL',
  AlterOwnerStmt: 'ALTER ... OWNER',
  AlterDefaultPrivilegesStmt: 'ALTER DEFAULT PRIVILEGES',
  ConstraintsSetStmt: 'SET CONSTRAINTS',
  FetchStmt: 'FETCH',
  ClosePortalStmt: 'CLOSE',
};

function objectName(objtype: unknown): string {
  return OBJECT_NAMES[String(objtype)] ?? String(objtype ?? '').replace(/^OBJECT_/, '').replace(/_/g, ' ');
}

/** A statement node's kind as candidates would write it. */
export function statementKind(type: string, n: Node): string {
  if (FIXED_KINDS[type]) return FIXED_KINDS[type];
  switch (type) {
    case 'SelectStmt':
      return n.intoClause ? 'CREATE TABLE AS' : 'SELECT';
    case 'CreateTableAsStmt':
      return n.objtype === 'OBJECT_MATVIEW' ? 'CREATE MATERIALIZED VIEW' : 'CREATE TABLE AS';
    case 'AlterTableStmt':
      return `ALTER ${objectName(n.objtype)}`;
    case 'RenameStmt':
      return `ALTER ${objectName(n.renameType)}`;
    case 'DropStmt':
      return `DROP ${objectName(n.removeType)}`;
    case 'TransactionStmt':
      return TRANSACTION_KINDS[String(n.kind)] ?? 'transaction control';
    case 'VariableSetStmt': {
      const reset = n.kind === 'VAR_RESET' || n.kind === 'VAR_RESET_ALL';
      if (n.kind === 'VAR_SET_MULTI') return String(n.name ?? '').startsWith('TRANSACTION') ? 'SET TRANSACTION' : 'SET';
      if (n.name === 'role') return reset ? 'RESET ROLE' : 'SET ROLE';
      if (n.name === 'session_authorization') return reset ? 'RESET SESSION AUTHORIZATION' : 'SET SESSION AUTHORIZATION';
      return reset ? 'RESET' : 'SET';
    }
    case 'CreateFunctionStmt':
      return n.is_procedure ? 'CREATE PROCEDURE' : 'CREATE FUNCTION';
    case 'DeclareCursorStmt':
      // CURSOR_OPT_HOLD = 0x20: a cursor that outlives the transaction.
      return (Number(n.options ?? 0) & 0x20) !== 0 ? 'DECLARE ... WITH HOLD' : 'DECLARE';
    case 'VacuumStmt':
      return n.is_vacuumcmd ? 'VACUUM' : 'ANALYZE';
    case 'GrantStmt':
    case 'GrantRoleStmt':
      return n.is_grant ? 'GRANT' : 'REVOKE';
    default:
      return type
        .replace(/Stmt$/, '')
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .toUpperCase();
  }
}

const TRANSACTION_CONTROL = new Set(Object.values(TRANSACTION_KINDS).concat(['SET TRANSACTION', 'transaction control']));
const SESSION_CHANGES = new Set(['SET', 'RESET', 'SET ROLE', 'RESET ROLE', 'SET SESSION AUTHORIZATION', 'RESET SESSION AUTHORIZATION', 'DISCARD']);
const DML = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

function whyKindRefused(kind: string): string | undefined {
  if (TRANSACTION_CONTROL.has(kind)) return `${kind} is not allowed: transaction control belongs to the judge, your SQL already runs inside its transaction`;
  if (SESSION_CHANGES.has(kind)) return `${kind} is not allowed: session settings, roles and the session user cannot be changed`;
  return undefined;
}

// ---- functions ----

const DENIED_FUNCTIONS: Record<string, string> = {
  set_config: 'it changes session settings (role, search path, session user)',
  loread: 'large objects are not available',
  lowrite: 'large objects are not available',
  query_to_xml: 'it runs SQL given as text',
  query_to_xmlschema: 'it runs SQL given as text',
  query_to_xml_and_xmlschema: 'it runs SQL given as text',
  cursor_to_xml: 'it reads a cursor',
  cursor_to_xmlschema: 'it reads a cursor',
  ts_stat: 'it runs SQL given as text',
  ts_rewrite: 'it may run SQL given as text',
  currval: 'sequences may only be used when your statements create them',
  nextval: 'sequences may only be used when your statements create them',
  setval: 'sequences may only be used when your statements create them',
};

const DENIED_PREFIXES: Array<[string, string]> = [
  ['lo_', 'large objects are not available (they read and write server files)'],
  ['dblink', 'connections to other databases are not available'],
  ['binary_upgrade_', 'server administration functions are not available'],
];

/** Catalog functions named pg_* that only compute or describe: everything else pg_* is refused. */
const PURE_PG_FUNCTIONS = new Set([
  'pg_typeof',
  'pg_column_size',
  'pg_column_compression',
  'pg_size_pretty',
  'pg_size_bytes',
  'pg_input_is_valid',
  'pg_input_error_info',
  'pg_get_serial_sequence',
  'pg_get_constraintdef',
  'pg_get_indexdef',
  'pg_get_viewdef',
  'pg_get_expr',
  'pg_get_userbyid',
  'pg_relation_size',
  'pg_table_size',
  'pg_total_relation_size',
  'pg_indexes_size',
  'pg_table_is_visible',
  'pg_type_is_visible',
  'pg_function_is_visible',
  'pg_encoding_to_char',
  'pg_char_to_encoding',
  'pg_client_encoding',
  'pg_collation_for',
  'pg_describe_object',
  'pg_identify_object',
  'pg_has_role',
]);

function whyFunctionRefused(name: string): string | undefined {
  if (DENIED_FUNCTIONS[name]) return DENIED_FUNCTIONS[name];
  for (const [prefix, why] of DENIED_PREFIXES) if (name.startsWith(prefix)) return why;
  if (name.startsWith('pg_') && !PURE_PG_FUNCTIONS.has(name)) {
    if (name.startsWith('pg_sleep')) return 'sleeping is not allowed';
    if (name.includes('advisory')) return 'advisory locks are not available (they outlive the transaction)';
    if (/^pg_(read|ls|stat_file|file)/.test(name)) return "the server's files are not available";
    if (/backend|reload_conf|rotate_logfile|signal/.test(name)) return 'server processes cannot be signalled';
    return 'server administration functions (pg_*) are not available';
  }
  return undefined;
}

const SEQUENCE_FUNCTIONS = new Set(['currval', 'nextval', 'setval']);

function stringArg(arg: unknown): string | undefined {
  const a = arg as { A_Const?: { sval?: { sval?: string } }; TypeCast?: { arg?: unknown } } | undefined;
  if (a?.A_Const?.sval?.sval !== undefined) return a.A_Const.sval.sval;
  if (a?.TypeCast) return stringArg(a.TypeCast.arg);
  return undefined;
}

/** `'public."My_Seq"'` → `my_seq`-style comparison key: the unqualified name as PostgreSQL folds it. */
function sequenceKey(text: string): string {
  const last = text.split('.').pop()!.trim();
  return /^".*"$/.test(last) ? last.slice(1, -1) : last.toLowerCase();
}

// ---- the walk ----

interface CheckContext {
  /** Kinds allowed nested anywhere (SELECT always). */
  nested: ReadonlySet<string>;
  /** Sequences created by the submission itself: the only ones nextval/currval/setval may name. */
  ownSequences: ReadonlySet<string>;
}

function walk(value: unknown, visit: (type: string, node: Node) => string | undefined): string | undefined {
  if (Array.isArray(value)) {
    for (const v of value) {
      const why = walk(v, visit);
      if (why) return why;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, v] of Object.entries(value as Node)) {
    // Parse-tree nodes are wrapped in their type name: { FuncCall: {...} }, { SelectStmt: {...} }.
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && /^[A-Z]/.test(key)) {
      const why = visit(key, v as Node);
      if (why) return why;
    }
    const why = walk(v, visit);
    if (why) return why;
  }
  return undefined;
}

function checkTree(stmt: Node, ctx: CheckContext): string | undefined {
  return walk(stmt, (type, node) => {
    if (type.endsWith('Stmt')) {
      const kind = statementKind(type, node);
      if (kind === 'SELECT' || ctx.nested.has(kind)) return undefined;
      return whyKindRefused(kind) ?? (DML.has(kind) ? `${kind} is not allowed here: this query may only read` : `${kind} is not allowed inside another statement`);
    }
    if (type === 'FuncCall') {
      const parts = ((node.funcname as Array<{ String?: { sval?: string } }>) ?? []).map((p) => p.String?.sval ?? '');
      const name = (parts[parts.length - 1] ?? '').toLowerCase();
      const shown = parts.join('.');
      if (SEQUENCE_FUNCTIONS.has(name)) {
        const target = stringArg((node.args as unknown[] | undefined)?.[0]);
        if (target !== undefined && ctx.ownSequences.has(sequenceKey(target))) return undefined;
      }
      const why = whyFunctionRefused(name);
      if (why) return `calling ${shown}() is not allowed: ${why}`;
    }
    return undefined;
  });
}

function ownSequences(stmts: RawStmt[]): Set<string> {
  const out = new Set<string>();
  for (const s of stmts) {
    const seq = (s.stmt.CreateSeqStmt as { sequence?: { relname?: string } } | undefined)?.sequence?.relname;
    if (seq) out.add(seq);
  }
  return out;
}

// ---- the three entry points ----

const QUERY_KINDS = 'one read query (SELECT, WITH ... SELECT, VALUES or TABLE)';

/** Query mode: exactly one read statement. */
export async function checkQuerySql(sql: string): Promise<GuardResult> {
  const parsed = await parse(sql);
  if (!parsed.ok) return parsed;
  const { stmts } = parsed;
  if (stmts.length === 0) return { ok: false, problem: { message: 'the submission contains no SQL statement', line: 1 } };
  if (stmts.length > 1) return { ok: false, problem: { message: `exactly one query is expected, found ${stmts.length} statements`, line: stmts[1].line } };
  const s = stmts[0];
  const [type, node] = Object.entries(s.stmt)[0] as [string, Node];
  const kind = statementKind(type, node);
  if (kind !== 'SELECT')
    return { ok: false, problem: { message: whyKindRefused(kind) ?? `only ${QUERY_KINDS} is accepted, not ${kind}`, line: s.line } };
  const why = checkTree(s.stmt, { nested: new Set(), ownSequences: new Set() });
  if (why) return { ok: false, problem: { message: why, line: s.line } };
  return { ok: true, statements: [{ text: s.text, kind, offset: s.offset, line: s.line }] };
}

/** Statements mode: the kinds the challenge allows (plus SELECT), each checked throughout. */
export async function checkStatementsSql(sql: string, allow: readonly SqlStatementKind[] = DEFAULT_STATEMENTS_ALLOW): Promise<GuardResult> {
  const parsed = await parse(sql);
  if (!parsed.ok) return parsed;
  const { stmts } = parsed;
  if (stmts.length === 0) return { ok: false, problem: { message: 'the submission contains no SQL statement', line: 1 } };
  const allowed = new Set<string>([...allow, 'SELECT']);
  const ctx: CheckContext = { nested: new Set([...allow].filter((k) => DML.has(k))), ownSequences: ownSequences(stmts) };
  const out: SqlStatement[] = [];
  for (const s of stmts) {
    const [type, node] = Object.entries(s.stmt)[0] as [string, Node];
    const kind = statementKind(type, node);
    if (!allowed.has(kind)) {
      const message = whyKindRefused(kind) ?? `${kind} is not allowed in this challenge (allowed: ${[...allowed].join(', ')})`;
      return { ok: false, problem: { message, line: s.line } };
    }
    // The top-level node itself is checked as a whole tree; nested statements against the nested list.
    const why = checkTree(node, ctx);
    if (why) return { ok: false, problem: { message: why, line: s.line } };
    out.push({ text: s.text, kind, offset: s.offset, line: s.line });
  }
  return { ok: true, statements: out };
}

const API_KINDS: ReadonlySet<string> = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE']);
export const MAX_API_SQL_BYTES = 64 * 1024;

/** ctx.db.query in API challenges: one SELECT or DML statement (parameters bound), nothing privileged. */
export async function checkApiQuery(sql: string): Promise<string | undefined> {
  if (Buffer.byteLength(sql, 'utf8') > MAX_API_SQL_BYTES) return 'db.query: the SQL text is longer than 64 KB';
  const parsed = await parse(sql);
  if (!parsed.ok) return `db.query: ${parsed.problem.message}`;
  const { stmts } = parsed;
  if (stmts.length === 0) return 'db.query: empty SQL';
  if (stmts.length > 1) return 'db.query: one statement per call (use bound parameters $1, $2, ...)';
  const [type, node] = Object.entries(stmts[0].stmt)[0] as [string, Node];
  const kind = statementKind(type, node);
  if (!API_KINDS.has(kind)) return `db.query: ${whyKindRefused(kind) ?? `${kind} is not allowed (SELECT, INSERT, UPDATE, DELETE or MERGE only)`}`;
  const why = checkTree(node, { nested: new Set(DML), ownSequences: new Set() });
  return why ? `db.query: ${why}` : undefined;
}
