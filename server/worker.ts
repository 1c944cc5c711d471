// npm run worker: a pure judge worker on a PostgreSQL server (DATABASE_URL). It takes judge jobs from pg-boss,
// judges them in its runner pool and writes results and events, which every server process hears. No HTTP.
// SIGTERM drains: no new jobs, running judgings get DRAIN_SECONDS to finish, the rest go back to the queue.
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db';
import { createLogger } from './logger';
import { migrateLatest } from './migrate';
import { startJudging } from './judging/mode';
import { createRunner } from '../runner/index';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
    if (config.queue !== 'pg-boss') throw new ConfigError('npm run worker needs DATABASE_URL (a PostgreSQL server) and the pg-boss queue: in embedded mode `npm start` judges in its own process');
    if (config.workers === 0) throw new ConfigError('WORKERS=0 leaves a worker nothing to do');
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`assay worker: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const db = await openDatabase({ url: config.databaseUrl });
  // Any process may be the first to reach a new database; migrations take knex's lock.
  await migrateLatest(db.knex);
  const runner = createRunner({ processes: config.runnerProcesses });
  const { queue, bus } = await startJudging(config, { db, runner, logger }, { hearEvents: false });
  logger.info({ concurrency: config.workers, runnerProcesses: config.runnerProcesses }, 'assay worker is taking judge jobs');
  console.log(`assay worker: ${config.workers} judge jobs at once, ${config.runnerProcesses} runner processes`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, drainSeconds: config.drainSeconds }, 'worker draining');
    // Whatever hangs after the drain deadline, the process goes: its jobs are in pg-boss, not in it.
    setTimeout(() => process.exit(1), (config.drainSeconds + 15) * 1000).unref();
    try {
      await queue.close(config.drainSeconds * 1000);
      await runner.close();
      await bus.close();
      await db.close();
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'worker shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  console.error('assay worker failed to start:', err);
  process.exit(1);
});
