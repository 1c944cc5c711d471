import type { Knex } from 'knex';

// Rejudges and validations become jobs any worker takes (issue 17): their progress lives here, per item, so any
// server answers their status and a job that comes back after its worker died resumes without counting twice.
export async function up(knex: Knex): Promise<void> {
  // What a rejudge is against, so a worker in another process can run its items; its items replace the jsonb list
  // one process used to rewrite, and its summary is computed from them.
  await knex.schema.alterTable('rejudge_jobs', (t) => {
    t.integer('challenge_id').nullable().references('id').inTable('challenges').onDelete('CASCADE');
    t.integer('version_id').nullable().references('id').inTable('challenge_versions').onDelete('CASCADE');
    t.dropColumn('items');
    t.dropColumn('summary');
  });

  // One row per submission of a rejudge. `attempts` is the ownership of the item's judging (like
  // submissions.attempts for a first judging): only the latest attempt writes, and finishing turns it `done`
  // in the same statement that replaces the submission's score and counts it in rejudge_jobs.done.
  await knex.schema.createTable('rejudge_items', (t) => {
    t.uuid('job_id').notNullable().references('id').inTable('rejudge_jobs').onDelete('CASCADE');
    t.integer('submission_id').notNullable().references('id').inTable('submissions').onDelete('CASCADE');
    // pending -> done
    t.string('status', 8).notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    // The score before the rejudge ({verdict, score, versionId}), and after it (null when it kept the old one).
    t.jsonb('before').notNullable();
    t.jsonb('after').nullable();
    t.boolean('changed').notNullable().defaultTo(false);
    t.text('error').nullable();
    t.timestamp('done_at', { useTz: true }).nullable();
    t.primary(['job_id', 'submission_id']);
  });
  await knex.raw(`create index rejudge_items_done on rejudge_items (job_id, done_at) where status = 'done'`);

  // Validations of challenge versions: asked for through the API or by the library sync at start, run by any
  // worker. One active validation per version across the cluster; a second request joins it.
  await knex.schema.createTable('validation_jobs', (t) => {
    t.uuid('id').primary();
    t.integer('version_id').notNullable().references('id').inTable('challenge_versions').onDelete('CASCADE');
    // queued -> running -> finished | failed
    t.string('status', 10).notNullable().defaultTo('queued');
    t.boolean('auto_publish').notNullable().defaultTo(false);
    t.integer('attempts').notNullable().defaultTo(0);
    // Each solution's result as the validation goes (the streamed form of POST …/validate).
    t.jsonb('progress').notNullable().defaultTo('[]');
    // {valid, published, report} or {error: {status, code, message}}
    t.jsonb('outcome').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true }).nullable();
  });
  await knex.raw(`create unique index validation_jobs_one_active on validation_jobs (version_id) where status in ('queued', 'running')`);
  await knex.raw(`create index validation_jobs_version on validation_jobs (version_id, created_at)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('validation_jobs');
  await knex.schema.dropTable('rejudge_items');
  await knex.schema.alterTable('rejudge_jobs', (t) => {
    t.dropColumn('version_id');
    t.dropColumn('challenge_id');
    t.jsonb('items').notNullable().defaultTo('[]');
    t.jsonb('summary').nullable();
  });
}
