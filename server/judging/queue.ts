// The one queue interface: a submission's job is enqueued in the transaction that writes the submission;
// something judges it. Two implementations: the local queue (embedded mode: judged in this process through the
// runner pool, which itself queues when its processes are busy) and pg-boss (pgBossQueue.ts: jobs in PostgreSQL,
// judged by any worker process).
import type { Knex } from 'knex';
import type { Metrics } from '../metrics';
import { jobKey, runBackgroundJob, unfinishedBackgroundJobs, type BackgroundJob, type JobSender } from './jobs';
import { JudgingAbandoned, submissionJudge, type JudgeDeps } from './submissionJudge';

export interface JudgeQueue extends JobSender {
  /** Inside the submission's transaction: the job exists exactly when the submission does. */
  enqueue(trx: Knex.Transaction, submissionId: number): Promise<void>;
  /** Called once at start: brings back submissions a previous process left unfinished, where that is this queue's job. */
  recover(): Promise<number>;
  /** Resolves when nothing is queued or running. */
  idle(): Promise<void>;
  /** Throws when the queue cannot be reached (GET /readyz). */
  check(): Promise<void>;
  /** Jobs waiting to be taken (GET /metrics). */
  depth(): Promise<number>;
  /**
   * Run `fn` while no other process of the cluster runs one of the same name (the library sync at start); the
   * others wait for it and then find its work done.
   */
  exclusive<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /**
   * Stop taking jobs; judgings still running after `drainMs` are given up and handed back (pg-boss: to another
   * worker; local: to the next start's recover()). Validations are handed back at once.
   */
  close(drainMs?: number): Promise<void>;
}

/** Validations a process runs at once: a SQL validation holds PGlite instances, so this bounds memory as much as CPU. */
export const VALIDATIONS_AT_ONCE = 2;

export type QueueDeps = JudgeDeps & { metrics?: Metrics };

/** Judge one job's submission; a judging this process gives up throws JudgingAbandoned. */
export async function judgeJob(deps: QueueDeps, submissionId: number, signal: AbortSignal): Promise<void> {
  const started = performance.now();
  const finished = await submissionJudge(deps, { submissionId, live: true, signal });
  if (finished) deps.metrics?.judged(finished.verdict, (performance.now() - started) / 1000);
}

/** Running judgings of a process, each abortable, with a way to wait for them within a deadline. */
export class RunningJudgings {
  private running = new Map<string | number, AbortController>();
  private waiters: Array<() => void> = [];

  get size(): number {
    return this.running.size;
  }

  run(key: string | number, job: (signal: AbortSignal) => Promise<void>): Promise<void> {
    const controller = new AbortController();
    this.running.set(key, controller);
    return job(controller.signal).finally(() => {
      this.running.delete(key);
      if (this.running.size === 0) {
        const w = this.waiters;
        this.waiters = [];
        w.forEach((f) => f());
      }
    });
  }

  /** Wait for the running judgings; after `drainMs`, abort the rest and wait for them to stop. */
  async drain(drainMs: number): Promise<void> {
    if (this.running.size === 0) return;
    const empty = new Promise<void>((resolve) => this.waiters.push(resolve));
    const abort = () => {
      for (const c of this.running.values()) c.abort(new JudgingAbandoned('the judging was handed back: the process is draining'));
    };
    // No deadline: aborted now, not on a timer (an embedded database's queries can keep the loop in microtasks).
    if (drainMs <= 0) {
      abort();
      return empty;
    }
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), drainMs)));
    if ((await Promise.race([empty, late])) === 'late') {
      abort();
      await empty;
    }
    clearTimeout(timer);
  }
}

/**
 * Judge jobs first, then rejudge items in the slots judgings leave free (a candidate waiting on a submission
 * comes before a rejudge), and validations in lanes of their own, highest priority first.
 */
export function createLocalQueue(deps: QueueDeps, options: { concurrency: number; validations?: number }): JudgeQueue {
  const waiting: number[] = [];
  const queued = new Set<number>();
  const running = new RunningJudgings();
  const rejudges: BackgroundJob[] = [];
  const validations: BackgroundJob[] = [];
  const background = new Set<string>();
  const validating = new RunningJudgings();
  let closed = false;
  let idleWaiters: Array<() => void> = [];

  const runBackground = (job: BackgroundJob, lane: RunningJudgings) => {
    const key = jobKey(job);
    lane
      .run(key, (signal) => runBackgroundJob(deps, job, signal))
      .catch((err) => {
        if (!(err instanceof JudgingAbandoned)) deps.logger.error({ err, job }, 'background job crashed');
      })
      .finally(() => {
        background.delete(key);
        pump();
      });
  };

  const pump = () => {
    while (!closed && running.size < options.concurrency && (waiting.length > 0 || rejudges.length > 0)) {
      if (waiting.length === 0) {
        runBackground(rejudges.shift()!, running);
        continue;
      }
      const id = waiting.shift()!;
      running
        .run(id, (signal) => judgeJob(deps, id, signal))
        .catch((err) => {
          if (!(err instanceof JudgingAbandoned)) deps.logger.error({ err, submissionId: id }, 'judging crashed');
        })
        .finally(() => {
          queued.delete(id);
          pump();
        });
    }
    while (!closed && validating.size < (options.validations ?? VALIDATIONS_AT_ONCE) && validations.length > 0) runBackground(validations.shift()!, validating);
    if (running.size === 0 && waiting.length === 0 && rejudges.length === 0 && validating.size === 0 && validations.length === 0) {
      const w = idleWaiters;
      idleWaiters = [];
      w.forEach((f) => f());
    }
  };

  const add = (id: number) => {
    if (closed || queued.has(id)) return;
    queued.add(id);
    waiting.push(id);
    pump();
  };

  const addBackground = (jobs: BackgroundJob[]) => {
    for (const job of jobs) {
      const key = jobKey(job);
      if (closed || background.has(key)) continue;
      background.add(key);
      if (job.kind === 'rejudge') rejudges.push(job);
      else {
        // Stable: equal priorities keep their order.
        const at = validations.findIndex((v) => ((v as { priority?: number }).priority ?? 0) < (job.priority ?? 0));
        validations.splice(at < 0 ? validations.length : at, 0, job);
      }
    }
    pump();
  };

  return {
    async enqueue(trx, id) {
      // Judged once the transaction commits; nothing if it rolls back.
      if (trx.executionPromise) trx.executionPromise.then(() => add(id), () => {});
      else add(id);
    },
    async send(db, jobs) {
      const trx = db as Knex.Transaction;
      if (trx.isTransaction && trx.executionPromise) trx.executionPromise.then(() => addBackground(jobs), () => {});
      else addBackground(jobs);
    },
    async recover() {
      const rows = await deps.knex('submissions').whereIn('status', ['queued', 'running']).orderBy('id').select('id');
      for (const r of rows) add(r.id);
      const jobs = await unfinishedBackgroundJobs(deps.knex);
      addBackground(jobs);
      return rows.length + jobs.length;
    },
    async exclusive(_name, fn) {
      // One process holds an embedded database: nothing to exclude.
      return fn();
    },
    idle() {
      if (running.size === 0 && waiting.length === 0 && rejudges.length === 0 && validating.size === 0 && validations.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    async check() {},
    async depth() {
      return waiting.length;
    },
    async close(drainMs = 30_000) {
      closed = true;
      waiting.length = 0;
      rejudges.length = 0;
      validations.length = 0;
      await Promise.all([running.drain(drainMs), validating.drain(0)]);
    },
  };
}
