// A reminder to a candidate who has not started or not finished. The invitation keeps only its token's hash, so
// a reminder cannot repeat the first link: it issues a new token (the old link stops working) and mails the new
// link; unsent earlier messages are cancelled. One email per invitation per hour, unless the last one failed.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { HttpError, notPending, reminderTooSoon } from '../errors';
import { hashToken } from './invitationCreator';
import { cancelUnsentEmails, queueInvitationEmail, type InvitationEmailRow } from './invitationEmailQueuer';
import { invitationState } from '../queries/invitationWindow';
import type { InvitationRow } from '../rows';

export const REMINDER_INTERVAL_MS = 60 * 60 * 1000;

/** Why this invitation cannot be reminded now, as the error the route answers with; null when it can. */
export function reminderRefusal(inv: InvitationRow, lastEmailAt: Date | null, now: number): HttpError | null {
  const state = invitationState(inv, now);
  if (state !== 'invited' && state !== 'started') return notPending(state);
  if (lastEmailAt && now - lastEmailAt.getTime() < REMINDER_INTERVAL_MS) return reminderTooSoon(new Date(lastEmailAt.getTime() + REMINDER_INTERVAL_MS));
  return null;
}

/** The newest email that counts against the interval: any not failed (a failed one may be replaced at once). */
export async function lastCountedEmailAt(knex: Knex | Knex.Transaction, invitationId: number): Promise<Date | null> {
  const row = await knex('invitation_emails').where({ invitation_id: invitationId }).whereNot({ status: 'failed' }).max('created_at as at').first();
  return row?.at ? new Date(row.at) : null;
}

export async function invitationReminder(
  knex: Knex,
  input: { invitationId: number; linkFor: (token: string) => string; requestedBy: number; now?: number },
): Promise<InvitationEmailRow> {
  return knex.transaction(async (trx) => {
    // The row lock makes two reminders at once one after the other: the second sees the first's email.
    const inv: InvitationRow = await trx('invitations').where({ id: input.invitationId }).forUpdate().first();
    const now = input.now ?? Date.now();
    const refusal = reminderRefusal(inv, await lastCountedEmailAt(trx, inv.id), now);
    if (refusal) throw refusal;
    const token = randomBytes(32).toString('base64url');
    await trx('invitations').where({ id: inv.id }).update({ token_hash: hashToken(token) });
    await cancelUnsentEmails(trx, inv.id, 'replaced by a newer email');
    return queueInvitationEmail(trx, { invitationId: inv.id, kind: 'reminder', to: inv.email, link: input.linkFor(token), requestedBy: input.requestedBy });
  });
}

export interface BulkReminderResult {
  queued: InvitationEmailRow[];
  skipped: Array<{ invitationId: number; email: string; code: string; message: string }>;
}

/** Every invitation of the assessment that is still pending, each in its own transaction; refusals are reported. */
export async function assessmentReminders(
  knex: Knex,
  input: { assessmentId: number; linkFor: (token: string) => string; requestedBy: number },
): Promise<BulkReminderResult> {
  const now = new Date();
  const pending: Array<{ id: number; email: string }> = await knex('invitations')
    .where({ assessment_id: input.assessmentId })
    .whereNull('revoked_at')
    .whereNull('finished_at')
    .where((q) => q.where((s) => s.whereNull('started_at').where('expires_at', '>', now)).orWhere((s) => s.whereNotNull('started_at').where((d) => d.whereNull('deadline_at').orWhere('deadline_at', '>', now))))
    .orderBy('id')
    .select('id', 'email');
  const result: BulkReminderResult = { queued: [], skipped: [] };
  for (const { id, email } of pending) {
    try {
      result.queued.push(await invitationReminder(knex, { invitationId: id, linkFor: input.linkFor, requestedBy: input.requestedBy }));
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      result.skipped.push({ invitationId: id, email, code: err.code, message: err.message });
    }
  }
  return result;
}
