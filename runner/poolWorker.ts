// A runner child process: judges one job at a time for runner/pool.ts and streams the events back.
// It exists so that a V8 abort on a memory bomb kills this process, never the server.
import type { Challenge } from './challenge';
import { judge, testsInScope } from './judge';
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
  /** Write every event at once (a retry after a crash: the pool must know which test was running). */
  stream: boolean;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'batch'; messages: WorkerMessage[] }
  | { type: 'plan'; id: number; tests: Array<{ index: number; weight: number }> }
  | { type: 'event'; id: number; event: import('./types').JudgeEvent }
  | { type: 'done'; id: number }
  | { type: 'missing'; id: number; hash: string };

const challenges = new Map<string, Challenge>();
const MAX_CACHED = 64;

// Events wait, at most until the end of the current event-loop turn or BATCH_MS, and leave as one
// message: a fast API submission's ~40 events cost a few writes instead of ~40, while a candidate still
// sees the first result at once and the rest within milliseconds. A crash loses what waits here; the
// pool then retries the job with stream set, and that attempt's events tell which test the crash was in.
const BATCH_MS = 2;
let outbox: WorkerMessage[] = [];
let lastFlush = 0;
function send(message: WorkerMessage, now = false): void {
  if (outbox.length === 0) setImmediate(flush);
  outbox.push(message);
  if (now || performance.now() - lastFlush >= BATCH_MS) flush();
}
function flush(): void {
  lastFlush = performance.now();
  if (outbox.length === 0) return;
  const batch = outbox;
  outbox = [];
  process.send?.(batch.length === 1 ? batch[0] : { type: 'batch', messages: batch });
}

async function run(job: JobMessage): Promise<void> {
  if (job.challenge) {
    if (challenges.size >= MAX_CACHED) challenges.delete(challenges.keys().next().value as string);
    challenges.set(job.hash, job.challenge);
  }
  const challenge = challenges.get(job.hash);
  if (!challenge) {
    send({ type: 'missing', id: job.id, hash: job.hash }, true);
    return;
  }
  try {
    const tests = testsInScope(challenge, job.options.scope);
    // At once: whatever happens next, the pool can count every test in the score's maximum.
    send({ type: 'plan', id: job.id, tests: tests.map((t) => ({ index: t.index, weight: t.weight })) }, true);
  } catch {
    // judge() reports the same failure as internal_error
  }
  let first = true;
  for await (const event of judge(challenge, job.submission, job.options)) {
    const firstResult = first && event.type === 'test:finished';
    if (firstResult) first = false;
    send({ type: 'event', id: job.id, event }, job.stream || firstResult);
  }
  send({ type: 'done', id: job.id });
}

// A process that may judge SQL starts its spare database instances now, not on a candidate's first submission.
if (process.env.ASSAY_PGLITE_SPARES !== '0') void prewarmSpares().catch(() => undefined);

let queue = Promise.resolve();
process.on('message', (message: JobMessage) => {
  if (message?.type !== 'job') return;
  queue = queue.then(() => run(message)).catch((err) => {
    process.stderr.write(`poolWorker: ${err instanceof Error ? err.stack : String(err)}\n`);
    send({ type: 'done', id: message.id }, true);
  });
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' }, true);
