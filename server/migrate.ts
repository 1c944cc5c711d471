// Migrations are imported explicitly rather than discovered by knex's file loader, so they run the same under
// tsx, in tests and in production, on PGlite and on a PostgreSQL server.
import type { Knex } from 'knex';
import * as users from '../migrations/20261125000100_create_users_and_sessions';
import * as challenges from '../migrations/20261125000200_create_challenges';
import * as assessments from '../migrations/20261125000300_create_assessments';
import * as submissions from '../migrations/20261125000400_create_submissions';
import * as cluster from '../migrations/20261129000100_create_cluster_tables';
import * as similarityIndex from '../migrations/20261129000200_create_similarity_index';
import * as integrityEvents from '../migrations/20261129001000_create_integrity_events';
import * as codeSnapshots from '../migrations/20261129002000_create_code_snapshots';
import * as challengeKindFromRegistry from '../migrations/20261130010000_challenge_kind_from_registry';
import * as apiTokensAndWebhooks from '../migrations/20261130030000_create_api_tokens_and_webhooks';
import * as invitationEmails from '../migrations/20261130040000_create_invitation_emails';
import * as backgroundJobs from '../migrations/20261130050000_create_background_jobs';
import * as countedSubmissionsIndex from '../migrations/20261130030000_counted_submissions_index';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

const MIGRATIONS: Array<[string, Migration]> = [
  ['20261125000100_create_users_and_sessions', users],
  ['20261125000200_create_challenges', challenges],
  ['20261125000300_create_assessments', assessments],
  ['20261125000400_create_submissions', submissions],
  ['20261129000100_create_cluster_tables', cluster],
  ['20261129000200_create_similarity_index', similarityIndex],
  ['20261129001000_create_integrity_events', integrityEvents],
  ['20261129002000_create_code_snapshots', codeSnapshots],
  ['20261130010000_challenge_kind_from_registry', challengeKindFromRegistry],
  ['20261130030000_create_api_tokens_and_webhooks', apiTokensAndWebhooks],
  ['20261130040000_create_invitation_emails', invitationEmails],
  ['20261130050000_create_background_jobs', backgroundJobs],
  ['20261130030000_counted_submissions_index', countedSubmissionsIndex],
];

const migrationSource: Knex.MigrationSource<[string, Migration]> = {
  getMigrations: async () => MIGRATIONS,
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};

const config: Knex.MigratorConfig = { migrationSource, tableName: 'knex_migrations' };

/**
 * Several processes of a cluster may start at once on a new database: the one that loses the race for knex's
 * lock (or applies a migration the other just applied) tries again and finds nothing left to do.
 */
export async function migrateLatest(knex: Knex, attempts = 5): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      const [, applied] = await knex.migrate.latest(config);
      return applied as string[];
    } catch (err) {
      if (attempt >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

/** Undo the last batch. */
export async function migrateRollback(knex: Knex, all = false): Promise<string[]> {
  const [, undone] = await knex.migrate.rollback(config, all);
  return undone as string[];
}

export const migrationNames = MIGRATIONS.map(([name]) => name);
