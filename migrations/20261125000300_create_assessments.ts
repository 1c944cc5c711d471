import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('assessments', (t) => {
    t.increments('id').primary();
    t.string('title', 200).notNullable();
    t.text('description').notNullable().defaultTo('');
    t.integer('recruiter_id').notNullable().references('id').inTable('users').onDelete('RESTRICT').index();
    t.integer('time_limit_minutes').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('archived_at', { useTz: true }).nullable();
  });

  await knex.schema.createTable('assessment_challenges', (t) => {
    t.integer('assessment_id').notNullable().references('id').inTable('assessments').onDelete('CASCADE');
    t.integer('challenge_id').notNullable().references('id').inTable('challenges').onDelete('RESTRICT').index();
    t.integer('position').notNullable();
    t.primary(['assessment_id', 'challenge_id']);
  });

  await knex.schema.createTable('invitations', (t) => {
    t.increments('id').primary();
    t.integer('assessment_id').notNullable().references('id').inTable('assessments').onDelete('CASCADE').index();
    t.integer('candidate_id').nullable().references('id').inTable('users').onDelete('SET NULL').index();
    t.string('email', 320).notNullable();
    // sha256 of the random token; the token itself is only ever in the invite link.
    t.string('token_hash', 64).notNullable().unique();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('started_at', { useTz: true }).nullable();
    t.timestamp('deadline_at', { useTz: true }).nullable();
    t.timestamp('finished_at', { useTz: true }).nullable();
    t.timestamp('revoked_at', { useTz: true }).nullable();
    // challenge id -> challenge_versions.id, fixed when the candidate starts.
    t.jsonb('pinned_versions').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['assessment_id', 'email']);
  });

  await knex.schema.createTable('drafts', (t) => {
    t.integer('invitation_id').notNullable().references('id').inTable('invitations').onDelete('CASCADE');
    t.integer('challenge_id').notNullable().references('id').inTable('challenges').onDelete('CASCADE');
    t.text('code').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['invitation_id', 'challenge_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('drafts');
  await knex.schema.dropTable('invitations');
  await knex.schema.dropTable('assessment_challenges');
  await knex.schema.dropTable('assessments');
}
