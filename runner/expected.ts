// SQL validation work in a child process of its own: the caller (the server at start, or `npm run validate`) never
// holds PGlite instances, and a reference that crashes the database engine cannot take the caller down.
import type { Challenge, SqlExpected } from './challenge';
import { forkRunnerChild } from './childProcess';
import type { ExpectedReply, ExpectedRequest } from './expectedWorker';
import type { ValidationProgress, ValidationReport } from './validate';

const WORKER = new URL('./expectedWorker.ts', import.meta.url);
/** Generous: a library challenge takes 2–10 s; a stuck child must still end. */
const TIMEOUT_MS = 10 * 60_000;

function inChild<T>(request: ExpectedRequest, env: NodeJS.ProcessEnv, pick: (reply: Extract<ExpectedReply, { ok: true }>) => T | undefined, onProgress?: (event: ValidationProgress) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    // No spare instances: this process does one challenge and exits.
    const child = forkRunnerChild(WORKER, { ...env, ASSAY_PGLITE_SPARES: '0' });
    let reply: ExpectedReply | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('message', (message: ExpectedReply) => {
      if ('progress' in message) onProgress?.(message.progress);
      else reply = message;
    });
    child.once('error', () => undefined);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const value = reply && 'ok' in reply && reply.ok ? pick(reply) : undefined;
      if (value !== undefined) resolve(value);
      else if (reply && 'ok' in reply && !reply.ok) reject(new Error(reply.message));
      else reject(new Error(`the validation process ended without a result (${signal ?? `exit code ${code}`})`));
    });
    child.send(request);
  });
}

export function computeExpectedInChild(challenge: Challenge, env: NodeJS.ProcessEnv = {}): Promise<SqlExpected> {
  return inChild({ type: 'expected', challenge }, env, (r) => ('expected' in r ? r.expected : undefined));
}

/** The whole validation of a SQL challenge in one child, so all its runs share one instance per dataset. */
export function validateSqlInChild(challenge: Challenge, env: NodeJS.ProcessEnv = {}, onProgress?: (event: ValidationProgress) => void): Promise<ValidationReport> {
  return inChild({ type: 'validate', challenge }, env, (r) => ('report' in r ? r.report : undefined), onProgress);
}
