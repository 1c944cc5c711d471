// ATS integration (issue 18): personal API tokens (stored as SHA-256 hashes), outbound webhooks, and their
// outbox: a delivery row per (hook, event) written in the transaction that caused the event, and one attempt row
// per HTTP try — the delivery log the dashboard shows.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_tokens', (t) => {
    t.increments('id').primary();
    t.integer('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('name', 100).notNullable();
    // The first characters of the token, so its owner can tell tokens apart; never enough to use it.
    t.string('prefix', 24).notNullable();
    t.string('token_hash', 64).notNullable().unique();
    t.jsonb('scopes').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).nullable();
    t.timestamp('last_used_at', { useTz: true }).nullable();
    t.timestamp('revoked_at', { useTz: true }).nullable();
    t.index(['user_id']);
  });

  await knex.schema.createTable('webhooks', (t) => {
    t.increments('id').primary();
    t.integer('owner_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    // Null: every assessment of the owner (an account hook).
    t.integer('assessment_id').nullable().references('id').inTable('assessments').onDelete('CASCADE');
    t.string('url', 2000).notNullable();
    // Kept readable: every delivery is signed with it (as Stripe's endpoint secrets are).
    t.string('secret', 100).notNullable();
    t.jsonb('events').notNullable();
    t.boolean('enabled').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['owner_id']);
    t.index(['assessment_id']);
  });

  await knex.schema.createTable('webhook_deliveries', (t) => {
    t.bigIncrements('id').primary();
    t.integer('webhook_id').notNullable().references('id').inTable('webhooks').onDelete('CASCADE');
    t.string('event_id', 40).notNullable();
    t.string('event_type', 40).notNullable();
    // The exact body sent (and signed) on every attempt.
    t.text('body').notNullable();
    // pending -> (queued, pg-boss) -> delivered | failed
    t.string('status', 12).notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // The in-process dispatcher's claim: a process that died mid-send lets go when it passes.
    t.timestamp('locked_until', { useTz: true }).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true }).nullable();
    t.index(['status', 'next_attempt_at']);
    t.index(['webhook_id', 'id']);
  });

  await knex.schema.createTable('webhook_attempts', (t) => {
    t.bigIncrements('id').primary();
    t.bigInteger('delivery_id').notNullable().references('id').inTable('webhook_deliveries').onDelete('CASCADE');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('status_code').nullable();
    t.string('error', 500).nullable();
    t.integer('duration_ms').notNullable();
    t.index(['delivery_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('webhook_attempts');
  await knex.schema.dropTable('webhook_deliveries');
  await knex.schema.dropTable('webhooks');
  await knex.schema.dropTable('api_tokens');
}
