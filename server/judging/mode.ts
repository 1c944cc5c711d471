// The one place that picks the implementations of the queue and event interfaces: the local queue and
// in-process bus (embedded mode), or pg-boss and NOTIFY on a PostgreSQL server (config.queue, from DATABASE_URL).
import type { Config } from '../config';
import type { Database } from '../db';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { Runner } from '../../runner/types';
import { createLocalBus, type EventBus } from './eventBus';
import { createPgEventBus } from './pgEventBus';
import { createPgBossQueue } from './pgBossQueue';
import { createLocalQueue, type JudgeQueue } from './queue';

export interface Judging {
  bus: EventBus;
  queue: JudgeQueue;
}

/**
 * `hearEvents: false`: a process without live sockets (a pure worker) does not subscribe to other processes'
 * judge events — every announcement would otherwise travel to it and be thrown away.
 */
export async function startJudging(
  config: Config,
  deps: { db: Database; runner: Runner; logger: Logger; metrics?: Metrics },
  options: { hearEvents?: boolean } = {},
): Promise<Judging> {
  const { db, runner, logger, metrics } = deps;
  if (config.queue === 'local') {
    const bus = createLocalBus();
    return { bus, queue: createLocalQueue({ knex: db.knex, runner, logger, bus, metrics }, { concurrency: config.workers }) };
  }
  if (!config.databaseUrl || db.dialect !== 'pg') throw new Error('the pg-boss queue needs a PostgreSQL server (DATABASE_URL)');
  const bus = await createPgEventBus({ url: config.databaseUrl, knex: db.knex, logger, listen: options.hearEvents ?? true });
  try {
    const queue = await createPgBossQueue(
      { knex: db.knex, runner, logger, bus, metrics },
      { url: config.databaseUrl, concurrency: config.workers, expireSeconds: config.jobExpireSeconds, retryLimit: config.jobRetryLimit },
    );
    return { bus, queue };
  } catch (err) {
    await bus.close();
    throw err;
  }
}
