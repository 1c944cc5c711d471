// The runner as the server uses it: judging in child processes (runner/pool.ts).
import { Pool } from './pool';
import type { Runner } from './types';

export type { Runner } from './types';

export function createRunner(opts: { processes?: number } = {}): Runner {
  return new Pool({ processes: opts.processes });
}
