// npm start: run the platform until SIGTERM/SIGINT, then shut down gracefully.
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { startPlatform } from './platform';
import { DEMO_CHALLENGES, prepareDemoAssessment } from './demoAssessment';
import { demoReadyBanner, startBanner } from './banner';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`assay: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const platform = await startPlatform(config, logger);
  logger.info({ url: platform.url, database: platform.db.dialect, queue: config.queue, workers: config.workers }, 'assay is listening');

  let stopping = false;
  // A first start (demo accounts just created) gets a demo assessment once its challenges are published.
  const demoAccounts = platform.demoAccounts;
  const database = platform.db.dialect === 'pg' ? 'PostgreSQL server (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
  console.log(startBanner({ url: platform.url, database, demoAccounts, seconds: process.uptime(), demoPending: demoAccounts !== null }));
  if (demoAccounts) {
    const baseUrl = (config.publicUrl ?? platform.url).replace(/\/+$/, '');
    prepareDemoAssessment(platform.db.knex, platform.challenges, demoAccounts, baseUrl, () => stopping)
      .then((demo) => {
        if (stopping) return;
        if (!demo) return logger.warn({ wanted: DEMO_CHALLENGES }, 'no demo challenge was published: no demo assessment');
        logger.info({ challenges: demo.challenges, seconds: Math.round(process.uptime() * 10) / 10 }, 'demo assessment ready');
        const candidate = demoAccounts.find((a) => a.role === 'candidate')!;
        console.log(demoReadyBanner(demo, candidate.email, process.uptime()));
      })
      .catch((err) => logger.error({ err }, 'could not create the demo assessment'));
  }

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      await platform.close();
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  console.error('assay failed to start:', err);
  process.exit(1);
});
