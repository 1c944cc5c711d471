// The one queue interface: the server enqueues submission ids; something judges them. The local queue judges in
// this process through the runner pool (which itself queues when its processes are busy).
import { submissionJudge, type JudgeDeps } from './submissionJudge';

export interface JudgeQueue {
  enqueue(submissionId: number): void;
  /** Re-queue submissions left queued or running by a previous process (a restart loses none). */
  recover(): Promise<number>;
  /** Resolves when nothing is queued or running. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function createLocalQueue(deps: JudgeDeps, options: { concurrency: number }): JudgeQueue {
  const waiting: number[] = [];
  const queued = new Set<number>();
  let running = 0;
  let closed = false;
  let idleWaiters: Array<() => void> = [];

  const pump = () => {
    while (!closed && running < options.concurrency && waiting.length > 0) {
      const id = waiting.shift()!;
      running++;
      submissionJudge(deps, { submissionId: id, live: true })
        .catch((err) => deps.logger.error({ err, submissionId: id }, 'judging crashed'))
        .finally(() => {
          running--;
          queued.delete(id);
          pump();
        });
    }
    if (running === 0 && waiting.length === 0) {
      const w = idleWaiters;
      idleWaiters = [];
      w.forEach((f) => f());
    }
  };

  return {
    enqueue(id) {
      if (closed || queued.has(id)) return;
      queued.add(id);
      waiting.push(id);
      pump();
    },
    async recover() {
      const rows = await deps.knex('submissions').whereIn('status', ['queued', 'running']).orderBy('id').select('id');
      for (const r of rows) this.enqueue(r.id);
      return rows.length;
    },
    idle() {
      if (running === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    async close() {
      closed = true;
      waiting.length = 0;
      if (running > 0) await new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}

