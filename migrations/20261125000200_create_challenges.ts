import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('challenges', (t) => {
    t.increments('id').primary();
    t.string('slug', 64).notNullable().unique();
    t.string('title', 200).notNullable();
    t.string('kind', 10).notNullable();
    t.string('difficulty', 10).notNullable();
    // draft: never shown to candidates; published: usable in assessments; archived: kept for history.
    t.string('status', 12).notNullable().defaultTo('draft');
    // 'files' when synced from challenges/, 'api' when authored through the API.
    t.string('source', 8).notNullable().defaultTo('files');
    t.integer('created_by').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`alter table challenges add constraint challenges_status_check check (status in ('draft','published','archived'))`);
  await knex.raw(`alter table challenges add constraint challenges_kind_check check (kind in ('api','sql'))`);

  await knex.schema.createTable('challenge_versions', (t) => {
    t.increments('id').primary();
    t.integer('challenge_id').notNullable().references('id').inTable('challenges').onDelete('CASCADE');
    t.integer('version').notNullable();
    t.string('content_hash', 64).notNullable();
    // The challenge's files (challenge.yaml, README.md, tests…) and the parsed challenge.yaml.
    t.jsonb('files').notNullable();
    t.jsonb('spec').notNullable();
    // The last validation report and the reference results stored by it (SQL expected rows).
    t.jsonb('validation').nullable();
    t.jsonb('expected').nullable();
    t.boolean('valid').notNullable().defaultTo(false);
    t.timestamp('validated_at', { useTz: true }).nullable();
    t.timestamp('published_at', { useTz: true }).nullable();
    t.integer('created_by').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['challenge_id', 'version']);
    t.unique(['challenge_id', 'content_hash']);
  });
  await knex.schema.alterTable('challenges', (t) => {
    // The version new assessments start with.
    t.integer('current_version_id').nullable().references('id').inTable('challenge_versions').onDelete('SET NULL');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('challenges', (t) => t.dropColumn('current_version_id'));
  await knex.schema.dropTable('challenge_versions');
  await knex.schema.dropTable('challenges');
}
