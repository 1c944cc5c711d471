// Which webhook dispatcher this process runs: the same choice as the judge queue's (server/judging/mode.ts).
import type { Knex } from 'knex';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { startLocalDispatcher, startPgBossDispatcher, type WebhookDispatcher } from './dispatcher';

export type { WebhookDispatcher };

export async function startWebhookDispatcher(config: Config, deps: { knex: Knex; logger: Logger }): Promise<WebhookDispatcher> {
  const dispatcherDeps = { ...deps, options: config.webhooks };
  if (config.queue === 'pg-boss' && config.databaseUrl) return startPgBossDispatcher(dispatcherDeps, config.databaseUrl);
  return startLocalDispatcher(dispatcherDeps);
}
