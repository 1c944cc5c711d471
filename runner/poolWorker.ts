// A runner child process: judges one job at a time for runner/pool.ts and streams the events back.
// It exists so that a V8 abort on a memory bomb kills this process, never the server.
import type { Challenge } from './challenge';
import { judge } from './judge';
import { getKind } from './kinds';
import { prewarmSpares } from './pglite/host';
import type { JudgeOptions, Submission } from './types';

export interface JobMessage {
  type: 'job';
  id: number;
  hash: string;
  /** Sent the first time this process sees a challenge version; later jobs send only the hash. */
  challenge?: Challenge;
  submission: Submission;
  options: JudgeOptions;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'plan'; id: number; tests: Array<{ index: number; weight: number }> }
  | { type: 'event'; id: number; event: import('./types').JudgeEvent }
  | { type: 'done'; id: number }
  | { type: 'missing'; id: number; hash: string };

const challenges = new Map<string, Challenge>();
const MAX_CACHED = 64;

function send(message: WorkerMessage): void {
  process.send?.(message);
}

async function run(job: JobMessage): Promise<void> {
  if (job.challenge) {
    if (challenges.size >= MAX_CACHED) challenges.delete(challenges.keys().next().value as string);
    challenges.set(job.hash, job.challenge);
  }
  const challenge = challenges.get(job.hash);
  if (!challenge) {
    send({ type: 'missing', id: job.id, hash: job.hash });
    return;
  }
  try {
    const kind = getKind(challenge.meta.kind);
    const tests = kind.tests(challenge).filter((t) => job.options.scope !== 'samples' || t.visibility === 'sample');
    send({ type: 'plan', id: job.id, tests: tests.map((t) => ({ index: t.index, weight: t.weight })) });
  } catch {
    // judge() reports the same failure as internal_error
  }
  for await (const event of judge(challenge, job.submission, job.options)) send({ type: 'event', id: job.id, event });
  send({ type: 'done', id: job.id });
}

// A process that may judge SQL starts its spare database instances now, not on a candidate's first submission.
if (process.env.ASSAY_PGLITE_SPARES !== '0') void prewarmSpares().catch(() => undefined);

let queue = Promise.resolve();
process.on('message', (message: JobMessage) => {
  if (message?.type !== 'job') return;
  queue = queue.then(() => run(message)).catch((err) => {
    process.stderr.write(`poolWorker: ${err instanceof Error ? err.stack : String(err)}\n`);
    send({ type: 'done', id: message.id });
  });
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
