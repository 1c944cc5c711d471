// Email invitations and reminders (issue 18): an outbox. A row is written in the transaction that creates the
// invitation (or the reminder), and sent after the commit by the platform's mailer, so an SMTP server that is
// slow, down or refusing never holds up or undoes the request; the row records what happened to the message.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('invitation_emails', (t) => {
    t.bigIncrements('id').primary();
    t.integer('invitation_id').notNullable().references('id').inTable('invitations').onDelete('CASCADE');
    // invitation | reminder
    t.string('kind', 20).notNullable();
    // queued (first try or a retry is due at next_attempt_at) | sending (claimed until next_attempt_at) | sent
    // | failed (permanent refusal or out of tries) | cancelled (revoked, finished, or replaced by a newer link)
    t.string('status', 20).notNullable().defaultTo('queued');
    t.string('to_address', 320).notNullable();
    // The invite link (it holds the token, whose hash alone the invitation keeps): only while the message may
    // still be sent; cleared once it is sent, fails for good or is cancelled.
    t.text('link').nullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // The SMTP server's answer (or the connection error) of the last failed attempt; never a credential.
    t.text('last_error').nullable();
    t.string('message_id', 300).nullable();
    t.integer('requested_by').nullable().references('id').inTable('users').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('sent_at', { useTz: true }).nullable();
    t.index(['invitation_id', 'id']);
  });
  // What the mailer polls: only rows still to send.
  await knex.raw(`create index invitation_emails_due on invitation_emails (next_attempt_at) where status in ('queued', 'sending')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('invitation_emails');
}
