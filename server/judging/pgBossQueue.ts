// Judge jobs in pg-boss (PostgreSQL server mode). A submission's job is inserted by the submission's own
// transaction and announced with NOTIFY so idle workers take it at once instead of at their next poll. A worker
// takes as many jobs as it has free slots; a job whose worker died comes back when pg-boss expires it
// (JOB_EXPIRE_SECONDS) and is retried elsewhere; the retry owns the submission from then on (judgementStore.ts).
import type { Knex } from 'knex';
import PgBoss from 'pg-boss';
import pg from 'pg';
import { JudgingAbandoned } from './submissionJudge';
import { runBackgroundJob, type BackgroundJob } from './jobs';
import { judgeJob, RunningJudgings, VALIDATIONS_AT_ONCE, type JudgeQueue, type QueueDeps } from './queue';

export const JUDGE_QUEUE = 'judge';
/** One submission of a rejudge per job: any worker takes any, after the judge jobs. */
export const REJUDGE_QUEUE = 'rejudge';
export const VALIDATE_QUEUE = 'validate';
const WAKE_CHANNEL = 'assay_jobs';

export interface PgBossQueueOptions {
  url: string;
  /** Jobs judged at once by this process; 0: this process only sends jobs (a pure API server). */
  concurrency: number;
  /** A job still active after this long is taken back by pg-boss and retried. */
  expireSeconds: number;
  retryLimit: number;
  /** A validation still active after this long is taken back and run again (validations take minutes, not seconds). */
  validationExpireSeconds?: number;
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

/** `fn` while holding a session advisory lock on a connection of its own: a process that dies releases it with its connection. */
async function withSessionLock<T>(url: string, name: string, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'assay-lock' });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock(hashtext($1))', [`assay:${name}`]);
    return await fn();
  } finally {
    await client.end().catch(() => {});
  }
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
  const validateOptions = { ...queueOptions, expireInSeconds: options.validationExpireSeconds ?? Math.max(900, options.expireSeconds) };
  // Every process of a cluster starts here: the first creates the queues, the others find them. One at a time:
  // pg-boss's create_queue, run by processes starting together on a new database, deadlocks (a queue row's
  // unique index against the job table's partition lock).
  await withSessionLock(options.url, 'pg-boss-queues', async () => {
    for (const [name, opts] of [[JUDGE_QUEUE, queueOptions], [REJUDGE_QUEUE, queueOptions], [VALIDATE_QUEUE, validateOptions]] as const) {
      if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, ...opts });
    }
  });

  const running = new RunningJudgings();
  const validating = new RunningJudgings();
  let stopping = false;
  // A wake-up that comes while the loop is fetching is kept, so the loop fetches again instead of sleeping.
  let woken = false;
  // Whether the next round looks at the rejudge and validate queues too. Judge jobs come one at a time in a
  // burst, and looking at two empty queues each time was most of a worker's fetches: they are looked at when
  // a NOTIFY or a finished job says they may hold something, when the last look found jobs, and at every poll.
  let background = true;
  let resolveWait: (() => void) | undefined;
  const wake = (queue?: string) => {
    woken = true;
    if (queue !== JUDGE_QUEUE) background = true;
    resolveWait?.();
  };
  let listener: pg.Client | undefined;
  let loop: Promise<void> | undefined;

  const take = <T>(queue: string, lane: RunningJudgings, job: PgBoss.Job<T>, run: (data: T, signal: AbortSignal) => Promise<void>) => {
    lane
      .run(job.id, (signal) => run(job.data, signal))
      .then(
        () => boss.complete(queue, job.id),
        (err) => {
          if (!(err instanceof JudgingAbandoned)) logger.error({ err, queue, data: job.data }, 'job crashed');
          // Failed with retries left: pg-boss makes it available again at once (retryDelay 0), to any worker.
          return boss.fail(queue, job.id, { message: err instanceof Error ? err.message : String(err) });
        },
      )
      .catch((err) => logger.error({ err, queue, jobId: job.id }, 'could not record a job as done'))
      .finally(() => wake(queue));
  };

  const fetch = async <T>(queue: string, batchSize: number): Promise<PgBoss.Job<T>[]> => {
    if (batchSize <= 0) return [];
    try {
      return await boss.fetch<T>(queue, { batchSize });
    } catch (err) {
      logger.error({ err, queue }, 'could not fetch jobs');
      return [];
    }
  };

  const work = async () => {
    while (!stopping) {
      // Judge jobs first; rejudge items only in the slots they leave; validations in lanes of their own.
      const free = options.concurrency - running.size;
      const jobs = await fetch<JudgeJobData>(JUDGE_QUEUE, free);
      for (const job of jobs) take(JUDGE_QUEUE, running, job, (data, signal) => judgeJob(deps, data.submissionId, signal));
      const look = background;
      background = false;
      const itemSlots = free - jobs.length;
      const validationSlots = VALIDATIONS_AT_ONCE - validating.size;
      const items = look ? await fetch<BackgroundJob>(REJUDGE_QUEUE, itemSlots) : [];
      for (const job of items) take(REJUDGE_QUEUE, running, job, (data, signal) => runBackgroundJob(deps, data, signal));
      const validations = look ? await fetch<BackgroundJob>(VALIDATE_QUEUE, validationSlots) : [];
      for (const job of validations) take(VALIDATE_QUEUE, validating, job, (data, signal) => runBackgroundJob(deps, data, signal));
      // A queue not looked at for want of slots, or one that had jobs (it may have more), is looked at again.
      if (look && (itemSlots <= 0 || validationSlots <= 0 || items.length > 0 || validations.length > 0)) background = true;
      if (free > 0 && jobs.length + items.length === free) continue;
      // Full, or nothing to take: wait for a slot, a NOTIFY, or the poll interval.
      if (!woken) {
        const polled = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(resolve, options.pollMs ?? 1000, true);
          resolveWait = () => {
            clearTimeout(timer);
            resolve(false);
          };
        });
        resolveWait = undefined;
        if (polled) background = true;
      }
      woken = false;
    }
  };

  if (options.concurrency > 0) {
    listener = new pg.Client({ connectionString: options.url, application_name: 'assay-worker' });
    listener.on('notification', (msg) => wake(msg.payload));
    listener.on('error', (err) => logger.warn({ err }, 'job notification connection failed; polling only'));
    await listener.connect();
    await listener.query(`LISTEN ${WAKE_CHANNEL}`);
    loop = work();
  }

  const waitingJobs = () => boss.getQueueSize(JUDGE_QUEUE);

  return {
    async enqueue(trx, submissionId) {
      await boss.send(JUDGE_QUEUE, { submissionId } satisfies JudgeJobData, { ...queueOptions, db: transactionDb(trx) });
      await trx.raw('select pg_notify(?, ?)', [WAKE_CHANNEL, JUDGE_QUEUE]);
    },
    async send(db, jobs) {
      if (jobs.length === 0) return;
      const rows = jobs.map((data): PgBoss.JobInsert => {
        const validate = data.kind === 'validate';
        const o = validate ? validateOptions : queueOptions;
        return { name: validate ? VALIDATE_QUEUE : REJUDGE_QUEUE, data, priority: validate ? (data.priority ?? 0) : 0, ...o };
      });
      const trx = db as Knex.Transaction;
      const inTransaction = Boolean(trx.isTransaction);
      // In chunks: one statement carries a JSON array of jobs (a rejudge of thousands of submissions).
      for (let i = 0; i < rows.length; i += 1000) await boss.insert(rows.slice(i, i + 1000), inTransaction ? { db: transactionDb(trx) } : {});
      await db.raw('select pg_notify(?, ?)', [WAKE_CHANNEL, '']);
    },
    exclusive: (name, fn) => withSessionLock(options.url, name, fn),
    // The jobs are the truth: a dead process's judgings come back through expiry, never by re-queuing rows
    // (which two servers starting at once would both do).
    async recover() {
      return 0;
    },
    async idle() {
      for (;;) {
        if (running.size === 0 && validating.size === 0) {
          const sizes = await Promise.all([JUDGE_QUEUE, REJUDGE_QUEUE, VALIDATE_QUEUE].map((q) => boss.getQueueSize(q, { before: 'completed' })));
          if (sizes.every((n) => n === 0)) return;
        }
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
      await Promise.all([running.drain(drainMs), validating.drain(0)]);
      await listener?.end().catch(() => {});
      await boss.stop({ graceful: false, close: true, wait: true });
    },
  };
}
