// Writing an email into the outbox (invitation_emails), inside the caller's transaction: the row commits with
// the invitation or the reminder it belongs to, and the mailer sends it after the commit.
import type { Knex } from 'knex';

export type EmailKind = 'invitation' | 'reminder';
export type EmailStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';

export interface InvitationEmailRow {
  id: number;
  invitation_id: number;
  kind: EmailKind;
  status: EmailStatus;
  to_address: string;
  link: string | null;
  attempts: number;
  next_attempt_at: Date | string;
  last_error: string | null;
  message_id: string | null;
  requested_by: number | null;
  created_at: Date | string;
  sent_at: Date | string | null;
}

export async function queueInvitationEmail(
  trx: Knex | Knex.Transaction,
  input: { invitationId: number; kind: EmailKind; to: string; link: string; requestedBy?: number | null },
): Promise<InvitationEmailRow> {
  const [row] = await trx('invitation_emails')
    .insert({ invitation_id: input.invitationId, kind: input.kind, to_address: input.to, link: input.link, requested_by: input.requestedBy ?? null, next_attempt_at: new Date() })
    .returning('*');
  return { ...row, id: Number(row.id) };
}

/** A new link replaces the old one: messages not yet out would carry a dead link, so they are not sent. */
export async function cancelUnsentEmails(trx: Knex | Knex.Transaction, invitationId: number, reason: string): Promise<number> {
  return trx('invitation_emails')
    .where({ invitation_id: invitationId })
    .whereIn('status', ['queued', 'sending'])
    .update({ status: 'cancelled', link: null, last_error: reason });
}
