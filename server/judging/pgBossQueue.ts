// Judge jobs in pg-boss (PostgreSQL server mode). A submission's job is inserted by the submission's own
// transaction and announced with NOTIFY so idle workers take it at once instead of at their next poll. A worker
// takes as many jobs as it has free slots; a job whose worker died comes back when pg-boss expires it
// (JOB_EXPIRE_SECONDS) and is retried elsewhere; the retry owns the submission from then on (judgementStore.ts).
import type { Knex } from 'knex';
import PgBoss from 'pg-boss';
import pg from 'pg';
import { JudgingAbandoned } from './submissionJudge';
import { judgeJob, RunningJudgings, type JudgeQueue, type QueueDeps } from './queue';

export const JUDGE_QUEUE = 'judge';
const WAKE_CHANNEL = 'assay_jobs';

export interface PgBossQueueOptions {
  url: string;
  /** Jobs judged at once by this process; 0: this process only sends jobs (a pure API server). */
  concurrency: number;
  /** A job still active after this long is taken back by pg-boss and retried. */
  expireSeconds: number;
  retryLimit: number;
  /** How often an idle worker looks for jobs when no NOTIFY woke it (a missed one, a retry that came due). */
  pollMs?: number;
}

interface JudgeJobData {
  submissionId: number;
}

/** pg-boss's statements run on the connection of a knex transaction (pg-boss's `db` option). */
function transactionDb(trx: Knex.Transaction): PgBoss.Db {
  return {
    async executeSql(text, values) {
      const conn = (await trx.client.acquireConnection()) as pg.PoolClient;
      return conn.query(text, values);
    },
  };
}

export async function createPgBossQueue(deps: QueueDeps, options: PgBossQueueOptions): Promise<JudgeQueue> {
  const { logger } = deps;
  const boss = new PgBoss({
    connectionString: options.url,
    application_name: 'assay-queue',
    max: 4,
    schedule: false,
    // Expiry is checked at maintenance: often enough that a dead worker's job comes back soon after it expires.
    maintenanceIntervalSeconds: Math.max(1, Math.min(30, Math.floor(options.expireSeconds / 4))),
  });
  boss.on('error', (err) => logger.error({ err }, 'pg-boss error'));
  await boss.start();
  const queueOptions = { retryLimit: options.retryLimit, retryDelay: 0, expireInSeconds: options.expireSeconds };
  // Every process of a cluster starts here: the first creates the queue, the others find it.
  if (!(await boss.getQueue(JUDGE_QUEUE))) {
    try {
      await boss.createQueue(JUDGE_QUEUE, { name: JUDGE_QUEUE, ...queueOptions });
    } catch (err) {
      if (!(await boss.getQueue(JUDGE_QUEUE))) throw err;
    }
  }

  const running = new RunningJudgings();
  let stopping = false;
  // A wake-up that comes while the loop is fetching is kept, so the loop fetches again instead of sleeping.
  let woken = false;
  let resolveWait: (() => void) | undefined;
  const wake = () => {
    woken = true;
    resolveWait?.();
  };
  let listener: pg.Client | undefined;
  let loop: Promise<void> | undefined;

  const take = (job: PgBoss.Job<JudgeJobData>) => {
    running
      .run(job.id, (signal) => judgeJob(deps, job.data.submissionId, signal))
      .then(
        () => boss.complete(JUDGE_QUEUE, job.id),
        (err) => {
          if (!(err instanceof JudgingAbandoned)) logger.error({ err, submissionId: job.data.submissionId }, 'judging crashed');
          // Failed with retries left: pg-boss makes it available again at once (retryDelay 0), to any worker.
          return boss.fail(JUDGE_QUEUE, job.id, { message: err instanceof Error ? err.message : String(err) });
        },
      )
      .catch((err) => logger.error({ err, jobId: job.id }, 'could not record a judge job as done'))
      .finally(() => wake());
  };

  const work = async () => {
    while (!stopping) {
      const free = options.concurrency - running.size;
      let jobs: PgBoss.Job<JudgeJobData>[] = [];
      if (free > 0) {
        try {
          jobs = await boss.fetch<JudgeJobData>(JUDGE_QUEUE, { batchSize: free });
        } catch (err) {
          logger.error({ err }, 'could not fetch judge jobs');
        }
      }
      for (const job of jobs) take(job);
      if (jobs.length === free && free > 0) continue;
      // Full, or nothing to take: wait for a slot, a NOTIFY, or the poll interval.
      if (!woken) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, options.pollMs ?? 1000);
          resolveWait = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        resolveWait = undefined;
      }
      woken = false;
    }
  };

  if (options.concurrency > 0) {
    listener = new pg.Client({ connectionString: options.url, application_name: 'assay-worker' });
    listener.on('notification', () => wake());
    listener.on('error', (err) => logger.warn({ err }, 'job notification connection failed; polling only'));
    await listener.connect();
    await listener.query(`LISTEN ${WAKE_CHANNEL}`);
    loop = work();
  }

  const waitingJobs = () => boss.getQueueSize(JUDGE_QUEUE);

  return {
    async enqueue(trx, submissionId) {
      await boss.send(JUDGE_QUEUE, { submissionId } satisfies JudgeJobData, { ...queueOptions, db: transactionDb(trx) });
      await trx.raw('select pg_notify(?, ?)', [WAKE_CHANNEL, '']);
    },
    // The jobs are the truth: a dead process's judgings come back through expiry, never by re-queuing rows
    // (which two servers starting at once would both do).
    async recover() {
      return 0;
    },
    async idle() {
      for (;;) {
        if (running.size === 0 && (await boss.getQueueSize(JUDGE_QUEUE, { before: 'completed' })) === 0) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async check() {
      await waitingJobs();
    },
    depth: waitingJobs,
    async close(drainMs = 30_000) {
      stopping = true;
      wake();
      await loop;
      await running.drain(drainMs);
      await listener?.end().catch(() => {});
      await boss.stop({ graceful: false, close: true, wait: true });
    },
  };
}
