// Everything main.ts starts, in order, and stops in reverse: config -> database -> migrate -> seed -> listen.
// Tests start the same platform on port 0.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createApp, type App } from './app';
import type { Config } from './config';
import { openDatabase, type Database } from './db';
import type { Logger } from './logger';
import { migrateLatest } from './migrate';
import { createDemoAccounts, type DemoAccount } from './seed';
import { DEMO_CHALLENGES } from './demoAssessment';
import { createRunner } from '../runner/index';
import type { Runner } from '../runner/types';
import type { EventBus } from './judging/eventBus';
import type { JudgeQueue } from './judging/queue';
import { lazyRunner } from './judging/lazyRunner';
import { startJudging } from './judging/mode';
import { createMetrics, type Metrics } from './metrics';
import { attachLive, type Live } from './live';
import { webRoutes } from './routes/web';
import { startChallengeSync, type ChallengeSync } from './challenges/sync';
import { startWebhookDispatcher, type WebhookDispatcher } from './webhooks/mode';
import { EmailOutbox, type OutboxOptions } from './email/outbox';
import { smtpTransport } from './email/transport';

export interface Platform {
  url: string;
  server: http.Server;
  db: Database;
  app: App;
  demoAccounts: DemoAccount[] | null;
  runner: Runner;
  queue: JudgeQueue;
  bus: EventBus;
  /** The Socket.IO gateway (live results). */
  live: Live;
  /** The mailer (SMTP_URL set), else undefined: nothing is emailed. */
  outbox?: EmailOutbox;
  metrics: Metrics;
  config: Config;
  logger: Logger;
  /** CHALLENGES_DIR synced at start; `challenges.validated` resolves once new versions are validated (and published). */
  challenges: ChallengeSync;
  close(): Promise<void>;
}

export interface PlatformOptions {
  /** Use this database instead of opening one from config (tests share one). */
  db?: Database;
  loginFailuresPerWindow?: number;
  /** Use this runner instead of starting a pool (closed by the caller). */
  runner?: Runner;
  /** false: store new challenge versions at start but do not validate (so do not publish) them; tests that judge use it. */
  validateChallenges?: boolean;
  /** The mailer's retry delays and polling (tests shorten them). */
  email?: Partial<OutboxOptions>;
}

export async function startPlatform(config: Config, logger: Logger, options: PlatformOptions = {}): Promise<Platform> {
  // A pure API server (WORKERS=0) starts runner processes only if a route needs them (the playground). They start
  // first: their processes boot (and load their spare SQL instances) while the database opens, or initdb runs.
  const runner =
    options.runner ?? (config.workers > 0 ? createRunner({ processes: config.runnerProcesses }) : lazyRunner(() => createRunner({ processes: config.runnerProcesses })));
  const ownsRunner = !options.runner;
  if (config.workers > 0 && options.validateChallenges !== false) runner.prewarmValidation?.();
  let db: Database;
  try {
    db = options.db ?? (await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pg') }));
  } catch (err) {
    if (ownsRunner) await runner.close();
    throw err;
  }
  const ownsDb = !options.db;
  let challenges: ChallengeSync | undefined;
  let judging: Awaited<ReturnType<typeof startJudging>> | undefined;
  let webhooks: WebhookDispatcher | undefined;
  try {
    const applied = await migrateLatest(db.knex);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    const demoAccounts = config.env === 'production' ? null : await createDemoAccounts(db.knex);
    const metrics = createMetrics();
    judging = await startJudging(config, { db, runner, logger, metrics });
    const { bus, queue } = judging;
    // Once per cluster (the sync takes the queue's lock); validations are jobs, which any worker takes. A first
    // start validates the demo assessment's challenges before the rest (main.ts creates it once they settle).
    challenges = await startChallengeSync({ knex: db.knex, runner, logger, queue }, config.challengesDir, {
      validate: options.validateChallenges,
      first: demoAccounts ? DEMO_CHALLENGES : undefined,
    });
    webhooks = await startWebhookDispatcher(config, { knex: db.knex, logger });
    let draining = false;
    const outbox = config.smtpUrl ? new EmailOutbox(db.knex, smtpTransport(config.smtpUrl), config.mailFrom, logger, options.email) : undefined;
    const app = createApp({
      outbox,
      config,
      db,
      logger,
      runner,
      queue,
      bus,
      loginFailuresPerWindow: options.loginFailuresPerWindow,
      staticRouter: webRoutes({ logger }),
      health: { queue, metrics, metricsToken: config.metricsToken, draining: () => draining },
    });
    const server = http.createServer(app.app);
    // A client reusing a kept-alive connection the server has just closed gets ECONNRESET: under a burst the event loop
    // answers late and Node's 5 s idle timeout closes connections clients still count on. 65 s outlives the usual
    // idle timeouts of clients and load balancers (60 s); the header timeout must exceed it.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    const live = attachLive(server, app, { knex: db.knex, bus, logger });
    metrics.sources({ queueDepth: () => queue.depth(), sockets: () => live.sockets(), runnerRestarts: () => (runner as { replaced?: number }).replaced ?? 0 });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // A campus opening an assessment at once connects faster than one event loop accepts: Node's default
      // backlog (511) drops the rest's SYNs, which retry after 1 s, 3 s, 7 s... (issue 19's connect timeouts).
      server.listen({ port: config.port, host: config.host, backlog: 4096 }, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;

    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        draining = true;
        // Stop accepting, let in-flight requests finish, then drop idle keep-alive connections; sockets are
        // closed first so their clients reconnect (to another server, behind a load balancer) and resume.
        await live.close();
        // Unsent emails stay in the outbox for the next start (or another server) to send.
        await outbox?.close();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), 10_000);
        await closed;
        clearTimeout(force);
        // Judgings still running after the drain deadline are handed back (to another worker, or to the next start).
        await queue.close(config.drainSeconds * 1000);
        await webhooks!.close();
        challenges!.stop();
        if (ownsRunner) await runner.close();
        await challenges!.validated;
        await bus.close();
        if (ownsDb) await db.close();
      })());

    if (outbox) {
      // The host only: the URL holds the password.
      logger.info({ smtpHost: new URL(config.smtpUrl!).host, from: config.mailFrom }, 'email invitations on');
      outbox.start();
    }
    const recovered = await queue.recover();
    if (recovered) logger.info({ recovered }, 're-queued submissions left unfinished');
    return { url, server, db, app, demoAccounts, runner, queue, bus, live, outbox, metrics, config, logger, challenges, close };
  } catch (err) {
    await webhooks?.close().catch(() => {});
    await judging?.queue.close(0).catch(() => {});
    await judging?.bus.close().catch(() => {});
    challenges?.stop();
    if (ownsRunner) await runner.close();
    await challenges?.validated;
    if (ownsDb) await db.close();
    throw err;
  }
}
