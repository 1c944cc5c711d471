// Integrity signals (issue 18): what the candidate's browser reported while they worked — large pastes, focus
// losses, tab switches, time to first keystroke. Signals for a reviewer to ask about, never proof of anything.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('integrity_events', (t) => {
    t.bigIncrements('id').primary();
    t.integer('invitation_id').notNullable().references('id').inTable('invitations').onDelete('CASCADE');
    t.integer('challenge_id').nullable().references('id').inTable('challenges').onDelete('SET NULL');
    // paste | blur | hidden | first_keystroke
    t.string('type', 20).notNullable();
    // When the browser saw it (clamped to the assessment's window by the server), and when the server got it.
    t.timestamp('at', { useTz: true }).notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // paste: characters pasted; blur/hidden: milliseconds away; first_keystroke: milliseconds after the pane opened.
    t.integer('amount').nullable();
    t.index(['invitation_id', 'at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('integrity_events');
}
