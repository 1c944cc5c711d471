// Messages between the host (runner/pglite/host.ts) and a PGlite worker thread (runner/pglite/worker.ts).
// Structured-clone values only: results are plain arrays, numbers and strings.

export interface Table {
  columns: string[];
  /** PostgreSQL type oids, one per column. */
  types: number[];
  rows: unknown[][];
}

export interface SqlError {
  message: string;
  /** SQLSTATE, e.g. 42P01. */
  code?: string;
  /** 1-based character offset into the candidate's own SQL, when PostgreSQL reports one. */
  position?: number;
}

export interface SqlStatementText {
  text: string;
  /** 0-based character offset of the statement in the candidate's SQL, to report error positions there. */
  offset: number;
}

export type WorkerRequest =
  /** Make the shared base cluster: initdb plus the candidate role; replies with its tarball. */
  | { op: 'makeBase' }
  /** Start PostgreSQL from the base tarball (an instance holding no dataset yet). */
  | { op: 'load'; base: Uint8Array; wasm?: WebAssembly.Module }
  /** Replay the recipe (schema, data) as the candidate role on a loaded instance. */
  /** reset: first drop everything a previous dataset's recipe made (an idle instance taken for another dataset). */
  | { op: 'apply'; recipe: string[]; reset?: boolean }
  /**
   * One judged run inside a transaction that is always rolled back (then cleanup and the fingerprint).
   * The statements come split by PostgreSQL's parser (runner/sqlGuard.ts); each runs on its own through
   * the extended protocol, which refuses more than one statement per message.
   */
  | {
      op: 'runSql';
      mode: 'query' | 'statements';
      statements: SqlStatementText[];
      verify: string[];
      maxRows: number;
      maxBytes: number;
      /**
       * Reply with the result as soon as the run ends, then clean up and report it in a second message ({@link
       * WorkerCleaned}): the candidate's next dataset runs while this instance checks itself. The instance takes
       * no other request before its cleanup is done, and the host reuses it only if that cleanup found it clean.
       */
      cleanupAfterReply?: boolean;
    }
  | { op: 'begin' }
  | { op: 'apiQuery'; sql: string; params: unknown[]; maxRows: number }
  /** Roll back and reset session state; reports whether the instance is still trustworthy. */
  | { op: 'cleanup' };

export interface WorkerResult {
  ms: number;
  tables?: Table[];
  table?: Table;
  error?: SqlError;
  /** Which step failed in a statements-mode run: the candidate's SQL or a verify query. */
  errorIn?: 'candidate' | 'verify';
  truncated?: 'rows' | 'bytes';
  /** The instance is as the snapshot left it (rolled back, same fingerprint); false: discard it. */
  clean?: boolean;
  /** Why it is not clean, for logs and tests. */
  dirty?: string;
  /** What the cleanup checks (xid statuses, catalog fingerprint, file system writes) cost, in ms. */
  checkMs?: number;
  tarball?: Uint8Array;
}

export type WorkerReply = { id: number; ok: true; result: WorkerResult } | { id: number; ok: false; message: string };

/** The cleanup of a run sent with `cleanupAfterReply`, after its reply. */
export interface WorkerCleaned {
  id: number;
  cleaned: { clean: boolean; dirty?: string; checkMs: number };
}
