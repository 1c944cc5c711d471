import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // @socket.io/postgres-adapter keeps broadcasts over NOTIFY's 8000-byte limit here (the adapter's own schema).
  await knex.schema.createTable('socket_io_attachments', (t) => {
    t.bigIncrements('id').unique();
    t.timestamp('created_at', { useTz: true }).defaultTo(knex.fn.now());
    t.binary('payload');
  });

  // Rejudges started through the API, with their progress, so any server process answers their status.
  await knex.schema.createTable('rejudge_jobs', (t) => {
    t.uuid('id').primary();
    t.string('slug', 100).notNullable();
    t.integer('version').notNullable();
    // running -> finished | failed
    t.string('status', 10).notNullable().defaultTo('running');
    t.integer('started_by').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true }).nullable();
    // Touched with every step: a running job not touched for a while lost its process.
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('total').nullable();
    t.integer('done').notNullable().defaultTo(0);
    t.jsonb('items').notNullable().defaultTo('[]');
    t.jsonb('summary').nullable();
  });
  // One running rejudge per challenge, across every server process.
  await knex.raw(`create unique index rejudge_jobs_one_running on rejudge_jobs (slug) where status = 'running'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rejudge_jobs');
  await knex.schema.dropTable('socket_io_attachments');
}
