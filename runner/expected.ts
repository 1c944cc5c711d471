// Computing a SQL challenge's reference results in a child process of its own, for validation: the caller
// (the server at start, or `npm run validate`) never holds PGlite instances, and a reference that crashes
// the database engine cannot take the caller down.
import type { Challenge, SqlExpected } from './challenge';
import { forkRunnerChild } from './childProcess';
import type { ExpectedReply } from './expectedWorker';

const WORKER = new URL('./expectedWorker.ts', import.meta.url);
/** Generous: a library challenge takes 2–10 s; a stuck child must still end. */
const TIMEOUT_MS = 10 * 60_000;

export function computeExpectedInChild(challenge: Challenge, env: NodeJS.ProcessEnv = {}): Promise<SqlExpected> {
  return new Promise((resolve, reject) => {
    // No spare instances: this process computes one challenge and exits.
    const child = forkRunnerChild(WORKER, { ...env, ASSAY_PGLITE_SPARES: '0' });
    let reply: ExpectedReply | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.once('message', (message: ExpectedReply) => {
      reply = message;
    });
    child.once('error', () => undefined);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (reply?.ok) resolve(reply.expected);
      else if (reply) reject(new Error(reply.message));
      else reject(new Error(`the process computing the expected results ended without them (${signal ?? `exit code ${code}`})`));
    });
    child.send(challenge);
  });
}
