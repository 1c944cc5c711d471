// Sends what the outbox holds. Both modes claim due rows from webhook_deliveries (nothing lives only in
// memory, so a restart loses nothing: a claim left by a dead process expires and the row is taken again):
// - embedded (PGlite, local queue): this process claims and sends, polling the table and woken early when a
//   command of this process wrote a row;
// - PostgreSQL server (pg-boss): the claim and a pg-boss job per delivery are one transaction; whichever process
//   of the cluster takes the job makes the attempt. The outbox row keeps the retry schedule in both modes, so a
//   failed attempt goes back to the table with its next time, and the relay sends a new job when it comes due.
import type { Knex } from 'knex';
import PgBoss from 'pg-boss';
import type pg from 'pg';
import type { Logger } from '../logger';
import { attemptDelivery, claimDue, type DeliveryOptions } from './delivery';
import { outboxWritten } from './events';

export const WEBHOOK_QUEUE = 'webhook-delivery';
const BATCH = 10;
/** How long a claim holds: an attempt takes at most ~10 s; a pg-boss job may wait a little in its queue. */
const LOCAL_LOCK_SECONDS = 60;
const QUEUED_LOCK_SECONDS = 300;

export interface WebhookDispatcher {
  close(): Promise<void>;
}

export interface DispatcherDeps {
  knex: Knex;
  logger: Logger;
  options: DeliveryOptions & { pollMs: number };
}

/** A loop that claims due rows and hands them to `handle`, until closed. */
function pollLoop(logger: Logger, pollMs: number, step: () => Promise<number>) {
  let stopping = false;
  let wakeUp: (() => void) | undefined;
  let woken = false;
  const wake = () => {
    woken = true;
    wakeUp?.();
  };
  outboxWritten.on('written', wake);
  const loop = (async () => {
    while (!stopping) {
      let claimed = 0;
      try {
        claimed = await step();
      } catch (err) {
        if (!stopping) logger.error({ err }, 'webhook dispatcher step failed');
      }
      if (claimed >= BATCH || stopping) continue;
      if (!woken)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      wakeUp = undefined;
      woken = false;
    }
  })();
  return async () => {
    stopping = true;
    outboxWritten.off('written', wake);
    wake();
    await loop;
  };
}

export function startLocalDispatcher(deps: DispatcherDeps): WebhookDispatcher {
  const inFlight = new Set<Promise<unknown>>();
  const stop = pollLoop(deps.logger, deps.options.pollMs, async () => {
    const ids = await claimDue(deps.knex, BATCH, LOCAL_LOCK_SECONDS);
    const batch = ids.map((id) => attemptDelivery(deps, id));
    for (const p of batch) {
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p)).catch(() => {});
    }
    await Promise.allSettled(batch);
    return ids.length;
  });
  return {
    async close() {
      await stop();
      await Promise.allSettled([...inFlight]);
    },
  };
}

/** pg-boss's statements on the connection of a knex transaction (as pgBossQueue.ts sends judge jobs). */
function transactionDb(trx: Knex.Transaction): PgBoss.Db {
  return {
    async executeSql(text, values) {
      const conn = (await trx.client.acquireConnection()) as pg.PoolClient;
      return conn.query(text, values);
    },
  };
}

export async function startPgBossDispatcher(deps: DispatcherDeps, url: string): Promise<WebhookDispatcher> {
  const { knex, logger } = deps;
  const boss = new PgBoss({ connectionString: url, application_name: 'assay-webhooks', max: 2, schedule: false, maintenanceIntervalSeconds: 30 });
  boss.on('error', (err) => logger.error({ err }, 'pg-boss error (webhooks)'));
  await boss.start();
  // A job is one attempt; the retry schedule is the outbox row's. pg-boss retries only a job whose process died.
  const queueOptions = { retryLimit: 2, retryDelay: 1, expireInSeconds: 60 };
  if (!(await boss.getQueue(WEBHOOK_QUEUE))) {
    try {
      await boss.createQueue(WEBHOOK_QUEUE, { name: WEBHOOK_QUEUE, ...queueOptions });
    } catch (err) {
      if (!(await boss.getQueue(WEBHOOK_QUEUE))) throw err;
    }
  }
  await boss.work<{ deliveryId: number }>(WEBHOOK_QUEUE, { batchSize: 4, pollingIntervalSeconds: Math.max(0.5, deps.options.pollMs / 1000) }, async (jobs) => {
    await Promise.all(jobs.map((job) => attemptDelivery(deps, job.data.deliveryId)));
  });
  const stop = pollLoop(logger, deps.options.pollMs, () =>
    knex.transaction(async (trx) => {
      const ids = await claimDue(trx, BATCH, QUEUED_LOCK_SECONDS);
      for (const deliveryId of ids) await boss.send(WEBHOOK_QUEUE, { deliveryId }, { ...queueOptions, db: transactionDb(trx) });
      return ids.length;
    }),
  );
  return {
    async close() {
      await stop();
      await boss.stop({ graceful: true, close: true, wait: true, timeout: 15_000 });
    },
  };
}
