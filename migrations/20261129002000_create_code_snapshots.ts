// Code playback (issue 18): the candidate's editor content over time, per challenge, stored as deltas against the
// previous snapshot with a full copy every so often, so replaying never reads more than a few rows per frame.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('code_snapshots', (t) => {
    t.bigIncrements('id').primary();
    t.integer('invitation_id').notNullable().references('id').inTable('invitations').onDelete('CASCADE');
    t.integer('challenge_id').notNullable().references('id').inTable('challenges').onDelete('CASCADE');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // full: `text` is the whole code; delta: keep `keep_start` characters, drop `removed`, insert `text`, keep the rest.
    t.boolean('full').notNullable();
    t.integer('keep_start').notNullable().defaultTo(0);
    t.integer('removed').notNullable().defaultTo(0);
    t.text('text').notNullable();
    t.index(['invitation_id', 'challenge_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('code_snapshots');
}
