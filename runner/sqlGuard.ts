// What candidate SQL may contain, decided before it reaches PGlite. This is the first line only: the
// run is always inside a rolled-back transaction as a non-superuser role, and the instance is thrown
// away after anything that could have reached past the transaction (see `mayEscape`).

export interface SqlStatement {
  text: string;
  /** Uppercased leading keywords, e.g. ['SET', 'ROLE']. */
  words: string[];
  /** 1-based line of the statement's first keyword. */
  line: number;
}

/**
 * Split SQL into top-level statements at semicolons, honouring quotes ('...', E'...', "..."),
 * dollar quotes ($tag$...$tag$) and comments (--, nested /* *\/).
 */
export function splitStatements(sql: string): SqlStatement[] {
  const out: SqlStatement[] = [];
  let start = 0;
  let i = 0;
  const n = sql.length;
  const flush = (end: number) => {
    const raw = sql.slice(start, end);
    const code = stripComments(raw);
    if (code.trim()) {
      const lead = raw.length - raw.trimStart().length;
      const firstCode = findFirstCode(raw);
      out.push({
        text: raw.trim(),
        words: leadingWords(code),
        line: lineOf(sql, start + (firstCode >= 0 ? firstCode : lead)),
      });
    }
    start = end + 1;
  };
  while (i < n) {
    const c = sql[i];
    if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      i = skipBlockComment(sql, i);
    } else if (c === "'") {
      const escapes = i > 0 && /[eE]/.test(sql[i - 1]) && !/[\w$]/.test(sql[i - 2] ?? '');
      i = skipQuoted(sql, i, "'", escapes);
    } else if (c === '"') {
      i = skipQuoted(sql, i, '"', false);
    } else if (c === '$') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (m && !/[\w$]/.test(sql[i - 1] ?? '')) {
        const close = sql.indexOf(m[0], i + m[0].length);
        i = close < 0 ? n : close + m[0].length;
      } else i++;
    } else if (c === ';') {
      flush(i);
      i++;
    } else i++;
  }
  flush(n);
  return out;
}

function skipBlockComment(sql: string, i: number): number {
  let depth = 0;
  const n = sql.length;
  while (i < n) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return n;
}

function skipQuoted(sql: string, i: number, q: string, backslashEscapes: boolean): number {
  i++;
  while (i < sql.length) {
    if (backslashEscapes && sql[i] === '\\') i += 2;
    else if (sql[i] === q) {
      if (sql[i + 1] === q) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

/** The SQL with comments replaced by spaces (quotes kept as they are). */
export function stripComments(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      const end = nl < 0 ? sql.length : nl;
      out += ' ';
      i = end;
    } else if (c === '/' && sql[i + 1] === '*') {
      i = skipBlockComment(sql, i);
      out += ' ';
    } else if (c === "'" || c === '"') {
      const end = skipQuoted(sql, i, c, c === "'" && /[eE]/.test(sql[i - 1] ?? ''));
      out += sql.slice(i, end);
      i = end;
    } else if (c === '$') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (m && !/[\w$]/.test(sql[i - 1] ?? '')) {
        const close = sql.indexOf(m[0], i + m[0].length);
        const end = close < 0 ? sql.length : close + m[0].length;
        out += sql.slice(i, end);
        i = end;
      } else {
        out += c;
        i++;
      }
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function findFirstCode(raw: string): number {
  const code = stripComments(raw);
  // stripComments shortens comments, so search the original for the first keyword instead.
  const word = /[A-Za-z(]/.exec(code)?.[0];
  if (!word) return -1;
  let i = 0;
  while (i < raw.length) {
    if (raw[i] === '-' && raw[i + 1] === '-') {
      const nl = raw.indexOf('\n', i);
      i = nl < 0 ? raw.length : nl + 1;
    } else if (raw[i] === '/' && raw[i + 1] === '*') i = skipBlockComment(raw, i);
    else if (/\s/.test(raw[i])) i++;
    else return i;
  }
  return -1;
}

function leadingWords(code: string): string[] {
  return (code.trim().match(/^[A-Za-z_]+(\s+[A-Za-z_]+){0,3}/)?.[0] ?? code.trim().slice(0, 1))
    .split(/\s+/)
    .map((w) => w.toUpperCase());
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

/** Statements that would end, nest or step outside the judge's transaction, or reach outside the database. */
const FORBIDDEN: Array<{ words: string[]; why: string }> = [
  ...['BEGIN', 'START', 'COMMIT', 'END', 'ROLLBACK', 'ABORT', 'SAVEPOINT', 'RELEASE'].map((w) => ({
    words: [w],
    why: 'transaction control is not allowed: your SQL already runs inside a transaction managed by the judge',
  })),
  { words: ['PREPARE', 'TRANSACTION'], why: 'transaction control is not allowed' },
  { words: ['SET', 'ROLE'], why: 'changing role is not allowed' },
  { words: ['RESET', 'ROLE'], why: 'changing role is not allowed' },
  { words: ['SET', 'SESSION'], why: 'changing the session user or characteristics is not allowed' },
  { words: ['RESET', 'SESSION'], why: 'changing the session user is not allowed' },
  { words: ['SET', 'LOCAL', 'ROLE'], why: 'changing role is not allowed' },
  { words: ['SET', 'LOCAL', 'SESSION'], why: 'changing the session user is not allowed' },
  { words: ['RESET', 'ALL'], why: 'RESET ALL is not allowed' },
  { words: ['SET', 'TRANSACTION'], why: 'transaction control is not allowed' },
  { words: ['COPY'], why: 'COPY is not allowed (no files, programs or client streams)' },
  { words: ['CREATE', 'EXTENSION'], why: 'extensions are not available' },
  { words: ['ALTER', 'EXTENSION'], why: 'extensions are not available' },
  { words: ['DROP', 'EXTENSION'], why: 'extensions are not available' },
  { words: ['LISTEN'], why: 'LISTEN/NOTIFY are not available' },
  { words: ['UNLISTEN'], why: 'LISTEN/NOTIFY are not available' },
  { words: ['NOTIFY'], why: 'LISTEN/NOTIFY are not available' },
  { words: ['LOAD'], why: 'LOAD is not allowed' },
  { words: ['ALTER', 'SYSTEM'], why: 'ALTER SYSTEM is not allowed' },
  { words: ['ALTER', 'DATABASE'], why: 'ALTER DATABASE is not allowed' },
  { words: ['ALTER', 'ROLE'], why: 'roles cannot be changed' },
  { words: ['ALTER', 'USER'], why: 'roles cannot be changed' },
  { words: ['CREATE', 'ROLE'], why: 'roles cannot be created' },
  { words: ['CREATE', 'USER'], why: 'roles cannot be created' },
  { words: ['CREATE', 'DATABASE'], why: 'databases cannot be created' },
  { words: ['DROP', 'DATABASE'], why: 'databases cannot be dropped' },
  { words: ['DROP', 'ROLE'], why: 'roles cannot be dropped' },
  { words: ['DROP', 'OWNED'], why: 'DROP OWNED is not allowed' },
  { words: ['REASSIGN'], why: 'REASSIGN OWNED is not allowed' },
  { words: ['DISCARD'], why: 'DISCARD is not allowed' },
  { words: ['CHECKPOINT'], why: 'CHECKPOINT is not allowed' },
  { words: ['VACUUM'], why: 'VACUUM is not allowed' },
  { words: ['CLUSTER'], why: 'CLUSTER is not allowed' },
  { words: ['DO'], why: 'anonymous code blocks (DO) are not allowed' },
  { words: ['CALL'], why: 'procedures are not allowed' },
  { words: ['IMPORT'], why: 'foreign schemas are not available' },
  { words: ['CREATE', 'SERVER'], why: 'foreign servers are not available' },
  { words: ['CREATE', 'FOREIGN'], why: 'foreign tables are not available' },
  { words: ['CREATE', 'SUBSCRIPTION'], why: 'replication is not available' },
  { words: ['CREATE', 'PUBLICATION'], why: 'replication is not available' },
  { words: ['SECURITY', 'LABEL'], why: 'security labels are not allowed' },
  { words: ['GRANT'], why: 'privileges cannot be changed' },
  { words: ['REVOKE'], why: 'privileges cannot be changed' },
];

function forbidden(st: SqlStatement): string | undefined {
  for (const f of FORBIDDEN) {
    if (f.words.every((w, i) => st.words[i] === w)) return f.why;
  }
  return undefined;
}

export interface GuardProblem {
  message: string;
  line: number;
}

/** Query mode: exactly one read statement (SELECT, WITH ... SELECT, VALUES, TABLE). */
export function checkQuerySql(sql: string): GuardProblem | undefined {
  const statements = splitStatements(sql);
  if (statements.length === 0) return { message: 'the submission contains no SQL statement', line: 1 };
  if (statements.length > 1)
    return { message: `exactly one query is expected, found ${statements.length} statements`, line: statements[1].line };
  const st = statements[0];
  const why = forbidden(st);
  if (why) return { message: why, line: st.line };
  if (!['SELECT', 'WITH', 'VALUES', 'TABLE', '('].includes(st.words[0]))
    return { message: `only a read query (SELECT, WITH ... SELECT, VALUES) is accepted, not ${st.words[0]}`, line: st.line };
  return undefined;
}

/** Statements mode: DDL and DML, without what would step outside the judge's transaction. */
export function checkStatementsSql(sql: string): GuardProblem | undefined {
  const statements = splitStatements(sql);
  if (statements.length === 0) return { message: 'the submission contains no SQL statement', line: 1 };
  for (const st of statements) {
    const why = forbidden(st);
    if (why) return { message: `${why} (${st.words.join(' ')})`, line: st.line };
  }
  return undefined;
}

/** ctx.db.query in API challenges: one statement (bound parameters), none of the forbidden ones. */
export function checkApiQuery(sql: string): string | undefined {
  if (sql.length > 64 * 1024) return 'db.query: the SQL text is longer than 64 KB';
  const statements = splitStatements(sql);
  if (statements.length > 1) return 'db.query: one statement per call (use bound parameters $1, $2, ...)';
  const st = statements[0];
  if (!st) return 'db.query: empty SQL';
  const why = forbidden(st);
  return why ? `db.query: ${why}` : undefined;
}

/**
 * Text that can reach past a rolled-back transaction (files, role changes through functions, dynamic
 * SQL that could hide either): a run whose SQL contains any of it gets a freshly restored instance
 * afterwards. Deliberately broad: a false positive costs a background restore, not a wrong verdict.
 */
const ESCAPE_HINTS =
  /\b(copy|set_config|role|authorization|execute|function|procedure|language|lo_\w+|pg_read\w*|pg_ls\w*|pg_stat_file|pg_file\w*|pg_write\w*|pg_terminate\w*|pg_cancel\w*|pg_reload_conf|pg_rotate\w*|dblink\w*|query_to_xml\w*|table_to_xml\w*|cursor_to_xml\w*|schema_to_xml\w*|database_to_xml\w*|ts_stat|ts_rewrite|xpath\w*|pg_advisory\w*)\b/i;

export function mayEscape(sql: string): boolean {
  return ESCAPE_HINTS.test(sql);
}
