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

export interface Platform {
  url: string;
  server: http.Server;
  db: Database;
  app: App;
  demoAccounts: DemoAccount[] | null;
  close(): Promise<void>;
}

export interface PlatformOptions {
  /** Use this database instead of opening one from config (tests share one). */
  db?: Database;
  loginFailuresPerWindow?: number;
}

export async function startPlatform(config: Config, logger: Logger, options: PlatformOptions = {}): Promise<Platform> {
  const db =
    options.db ??
    (await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pg') }));
  const ownsDb = !options.db;
  try {
    const applied = await migrateLatest(db.knex);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    const demoAccounts = config.env === 'production' ? null : await createDemoAccounts(db.knex);

    const app = createApp({ config, db, logger, loginFailuresPerWindow: options.loginFailuresPerWindow });
    const server = http.createServer(app.app);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;

    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        // Stop accepting, let in-flight requests finish, then drop idle keep-alive connections.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), 10_000);
        await closed;
        clearTimeout(force);
        if (ownsDb) await db.close();
      })());

    return { url, server, db, app, demoAccounts, close };
  } catch (err) {
    if (ownsDb) await db.close();
    throw err;
  }
}
