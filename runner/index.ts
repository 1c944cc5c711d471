// The runner as the server uses it: judging in child processes (runner/pool.ts).
import { Pool } from './pool';
import type { Runner } from './types';

export type { Runner } from './types';

export interface RunnerOptions {
  processes?: number;
  /** Spare PGlite instances per process (runner/pglite/host.ts); default ASSAY_PGLITE_SPARES or 3. */
  sqlSpares?: number;
}

export function createRunner(opts: RunnerOptions = {}): Runner {
  return new Pool({
    processes: opts.processes,
    env: opts.sqlSpares !== undefined ? { ASSAY_PGLITE_SPARES: String(opts.sqlSpares) } : undefined,
  });
}
