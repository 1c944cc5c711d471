// What a recruiter sees of the emails sent for an invitation: never the link (it holds the candidate's token).
import type { InvitationEmailRow } from '../commands/invitationEmailQueuer';

const iso = (v: Date | string | null | undefined) => (v ? new Date(v).toISOString() : null);

export function presentEmail(row: InvitationEmailRow) {
  return {
    id: Number(row.id),
    kind: row.kind,
    status: row.status,
    to: row.to_address,
    attempts: row.attempts,
    /** The SMTP server's answer or the connection error of the last failed attempt (a retry may still come). */
    lastError: row.last_error,
    createdAt: iso(row.created_at)!,
    sentAt: iso(row.sent_at),
    /** When the next try is due, while one is. */
    nextAttemptAt: row.status === 'queued' ? iso(row.next_attempt_at) : null,
  };
}

/** One invitation's line in the dashboard: the latest message, and the reminders that went out. */
export function presentEmailSummary(invitationId: number, rows: InvitationEmailRow[], nextReminderAt: Date | null) {
  const sorted = [...rows].sort((a, b) => Number(a.id) - Number(b.id));
  const reminders = sorted.filter((r) => r.kind === 'reminder' && r.status === 'sent');
  const latest = sorted[sorted.length - 1];
  return {
    invitationId,
    latest: latest ? presentEmail(latest) : null,
    reminders: { sent: reminders.length, lastSentAt: iso(reminders[reminders.length - 1]?.sent_at) },
    /** Null when a reminder may go now (the invitation's state still decides). */
    nextReminderAt: nextReminderAt ? nextReminderAt.toISOString() : null,
  };
}

export type EmailView = ReturnType<typeof presentEmail>;
export type EmailSummaryView = ReturnType<typeof presentEmailSummary>;
