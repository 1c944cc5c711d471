import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('submissions', (t) => {
    t.increments('id').primary();
    t.integer('invitation_id').nullable().references('id').inTable('invitations').onDelete('CASCADE').index();
    t.integer('user_id').nullable().references('id').inTable('users').onDelete('SET NULL').index();
    t.integer('challenge_id').notNullable().references('id').inTable('challenges').onDelete('RESTRICT');
    t.integer('challenge_version_id').notNullable().references('id').inTable('challenge_versions').onDelete('RESTRICT');
    // run: sample tests only, not scored; submit: every test, scored.
    t.string('mode', 8).notNullable();
    t.string('language', 12).notNullable();
    t.text('code').notNullable();
    // queued -> running -> finished
    t.string('status', 10).notNullable().defaultTo('queued');
    t.string('verdict', 20).nullable();
    t.double('score').nullable();
    t.double('points').nullable();
    t.double('max_points').nullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('started_at', { useTz: true }).nullable();
    t.timestamp('finished_at', { useTz: true }).nullable();
    t.index(['challenge_id', 'mode']);
    t.index(['status']);
  });

  // One judgement per judging of a submission: the first, then one per rejudge, so history is kept.
  await knex.schema.createTable('judgements', (t) => {
    t.increments('id').primary();
    t.integer('submission_id').notNullable().references('id').inTable('submissions').onDelete('CASCADE').index();
    t.integer('challenge_version_id').notNullable().references('id').inTable('challenge_versions').onDelete('RESTRICT');
    t.string('reason', 200).notNullable().defaultTo('initial');
    t.string('verdict', 20).nullable();
    t.double('score').nullable();
    t.double('points').nullable();
    t.double('max_points').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true }).nullable();
  });
  await knex.schema.alterTable('submissions', (t) => {
    t.integer('judgement_id').nullable().references('id').inTable('judgements').onDelete('SET NULL');
  });

  await knex.schema.createTable('test_results', (t) => {
    t.increments('id').primary();
    t.integer('judgement_id').notNullable().references('id').inTable('judgements').onDelete('CASCADE');
    t.integer('test_index').notNullable();
    t.string('name', 200).notNullable();
    t.string('visibility', 8).notNullable();
    t.string('verdict', 20).notNullable();
    t.double('points').notNullable();
    t.double('max_points').notNullable();
    t.double('cpu_ms').notNullable();
    t.double('wall_ms').notNullable();
    // Full detail (request, expected, actual, diff): for recruiters and authors only.
    t.jsonb('detail').nullable();
    t.unique(['judgement_id', 'test_index']);
  });

  // Every live event, numbered per submission, so a client that reconnects gets what it missed.
  await knex.schema.createTable('submission_events', (t) => {
    t.bigIncrements('id').primary();
    t.integer('submission_id').notNullable().references('id').inTable('submissions').onDelete('CASCADE');
    t.integer('seq').notNullable();
    t.string('type', 40).notNullable();
    t.jsonb('payload').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['submission_id', 'seq']);
  });

  await knex.schema.createTable('reviews', (t) => {
    t.increments('id').primary();
    t.integer('invitation_id').notNullable().references('id').inTable('invitations').onDelete('CASCADE');
    t.integer('reviewer_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.text('notes').notNullable().defaultTo('');
    t.integer('rating').nullable();
    t.string('decision', 12).nullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['invitation_id', 'reviewer_id']);
  });
  await knex.raw(`alter table reviews add constraint reviews_rating_check check (rating between 1 and 5)`);
  await knex.raw(`alter table reviews add constraint reviews_decision_check check (decision in ('advance','hold','reject'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('reviews');
  await knex.schema.dropTable('submission_events');
  await knex.schema.dropTable('test_results');
  await knex.schema.alterTable('submissions', (t) => t.dropColumn('judgement_id'));
  await knex.schema.dropTable('judgements');
  await knex.schema.dropTable('submissions');
}
