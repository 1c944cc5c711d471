// npm start: run the platform until SIGTERM/SIGINT, then shut down gracefully.
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { startPlatform } from './platform';
import { createDemoAssessment } from './demoAssessment';

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

  const lines = [`\n  assay is running at ${platform.url}`, `  database: ${platform.db.dialect === 'pg' ? 'PostgreSQL server (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`}`];
  if (platform.demoAccounts) {
    lines.push('', '  Demo accounts (shown once — note them now):');
    for (const a of platform.demoAccounts) lines.push(`    ${a.role.padEnd(10)} ${a.email.padEnd(24)} ${a.password}`);
  }
  console.log(lines.join('\n') + '\n');

  // The demo assessment waits for its challenges to be validated and published (a minute or two for the SQL ones).
  if (platform.demoAccounts) {
    const accounts = platform.demoAccounts;
    void platform.challenges.validated
      .then(() => createDemoAssessment(platform.db.knex, accounts, (config.publicUrl ?? platform.url).replace(/\/+$/, '')))
      .then((link) => {
        if (link) console.log(`\n  Demo assessment ready: candidate@assay.local can open ${link}\n  (or log in with the candidate password above)\n`);
      })
      .catch((err) => logger.error({ err }, 'could not create the demo assessment'));
  }

  let stopping = false;
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
