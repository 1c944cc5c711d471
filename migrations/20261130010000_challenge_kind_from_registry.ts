// The kinds a challenge may have are the runner's registered kinds (runner/kinds/index.ts), checked in code when a
// version is stored: a check constraint listing them would need a migration for every new kind.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table challenges drop constraint if exists challenges_kind_check');
  await knex.raw('alter table challenges alter column kind type varchar(40)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table challenges alter column kind type varchar(10)');
  await knex.raw(`alter table challenges add constraint challenges_kind_check check (kind in ('api','sql'))`);
}
