// Email invitations on the recruiter's pages: each invitation's delivery (sent, retrying, failed with the SMTP
// server's answer), its reminders, and the buttons that send one. Shown only when the platform has SMTP_URL.
import { errorMessage, get, post } from './api';
import { button, h, status } from './dom';
import { when } from './format';
import type { EmailSummaryView, EmailView } from '../../../presenters/invitationEmail';

export interface EmailSummaries {
  enabled: boolean;
  byInvitation: Map<number, EmailSummaryView>;
}

export async function loadEmailSummaries(assessmentId: number, invitationIds: number[]): Promise<EmailSummaries> {
  const query = invitationIds.length ? `?ids=${invitationIds.slice(0, 200).join(',')}` : '';
  const res = await get<{ enabled: boolean; invitations: EmailSummaryView[] }>(`/api/assessments/${assessmentId}/emails${query}`);
  return { enabled: res.enabled, byInvitation: new Map(res.invitations.map((s) => [s.invitationId, s])) };
}

/** Still on its way: the page looks again shortly. */
export function inFlight(summaries: EmailSummaries): boolean {
  return [...summaries.byInvitation.values()].some((s) => s.latest?.status === 'queued' || s.latest?.status === 'sending');
}

function label(email: EmailView): string {
  const what = email.kind === 'reminder' ? 'reminder ' : '';
  if (email.status === 'queued' && email.lastError) return `${what}retrying`;
  if (email.status === 'sending') return `${what}sending`;
  return `${what}${email.status}`;
}

export function deliveryBadge(email: EmailView): HTMLElement {
  const title = email.lastError ? `Last attempt: ${email.lastError}` : email.sentAt ? `Sent ${when(email.sentAt)}` : undefined;
  return h('span', { class: `mail m-${email.status}`, title, 'data-status': email.status }, label(email));
}

/** Remind: a reminder with a new link; disabled until `waitUntil` (one email per hour). */
export function remindButton(invitationId: number, waitUntil: string | null, message: HTMLElement, onSent: () => void): HTMLButtonElement {
  const remind: HTMLButtonElement = button(
    'Remind',
    async () => {
      remind.disabled = true;
      try {
        await post(`/api/invitations/${invitationId}/reminders`);
        status(message, 'Reminder queued: it carries a new link, and the previous one stops working.', 'ok');
        onSent();
      } catch (err) {
        status(message, `Reminder not sent — ${errorMessage(err)}`, 'error');
        remind.disabled = false;
      }
    },
    { class: 'small', 'data-remind': String(invitationId), disabled: Boolean(waitUntil), title: waitUntil ? `One email per hour: next possible ${when(waitUntil)}` : 'Email a reminder with a new link' },
  );
  return remind;
}

/** Null when a reminder may go now; a failed last email never holds one back. */
function waitUntil(latest: EmailView | null, nextReminderAt: string | null): string | null {
  return latest?.status !== 'failed' && nextReminderAt ? nextReminderAt : null;
}

/** The dashboard's Email cell of one candidate: delivery, the SMTP error when it failed, reminders, Remind. */
export function emailCell(invitationId: number, state: string, summary: EmailSummaryView | undefined, message: HTMLElement, onSent: () => void): HTMLElement {
  const latest = summary?.latest ?? null;
  const pending = state === 'invited' || state === 'started';
  const remind = pending ? remindButton(invitationId, waitUntil(latest, summary?.nextReminderAt ?? null), message, onSent) : null;
  const reminders = summary?.reminders.sent ? h('small', { class: 'muted reminders' }, ` ${summary.reminders.sent} reminder${summary.reminders.sent > 1 ? 's' : ''}, last ${when(summary.reminders.lastSentAt)}`) : null;
  const error = latest?.status === 'failed' && latest.lastError ? h('small', { class: 'mail-error' }, latest.lastError) : null;
  return h('td', { class: 'email-cell', 'data-email-status': latest?.status ?? 'none' }, latest ? deliveryBadge(latest) : '—', reminders, error, remind ? [' ', remind] : null);
}

/** "Remind all pending": one reminder to every candidate not started or not finished, recent ones skipped. */
export function remindAllButton(assessmentId: number, message: HTMLElement, onSent: () => void): HTMLButtonElement {
  const all: HTMLButtonElement = button(
    'Remind all pending',
    async () => {
      all.disabled = true;
      try {
        const res = await post<{ queued: EmailView[]; skipped: Array<{ email: string; code: string }> }>(`/api/assessments/${assessmentId}/reminders`);
        const soon = res.skipped.filter((s) => s.code === 'reminder_too_soon').length;
        const parts = [`${res.queued.length} reminder${res.queued.length === 1 ? '' : 's'} queued`];
        if (soon) parts.push(`${soon} skipped (emailed less than an hour ago)`);
        status(message, `${parts.join(', ')}.`, 'ok');
        onSent();
      } catch (err) {
        status(message, `Reminders not sent — ${errorMessage(err)}`, 'error');
      } finally {
        all.disabled = false;
      }
    },
    { id: 'remind-all' },
  );
  return all;
}

/** The candidate page's card: every email of the invitation, newest first, and Remind; null when email is off. */
export async function emailHistoryCard(invitationId: number, state: string): Promise<HTMLElement | null> {
  const res = await get<{ enabled: boolean; emails: EmailView[]; nextReminderAt: string | null }>(`/api/invitations/${invitationId}/emails`);
  if (!res.enabled) return null;
  const message = h('p', { class: 'status', role: 'status' });
  const card = h('section', { class: 'card', id: 'emails' }, h('h2', {}, 'Emails'));
  const rows = res.emails.map((e) =>
    h(
      'tr',
      { 'data-email-id': String(e.id) },
      h('td', {}, e.kind),
      h('td', {}, deliveryBadge(e), e.status === 'failed' && e.lastError ? h('small', { class: 'mail-error' }, e.lastError) : null),
      h('td', {}, e.sentAt ? when(e.sentAt) : e.nextAttemptAt ? `next try ${when(e.nextAttemptAt)}` : '—'),
      h('td', { class: 'num' }, String(e.attempts)),
    ),
  );
  card.append(
    res.emails.length
      ? h('table', { class: 'data' }, h('thead', {}, h('tr', {}, ['Email', 'Delivery', 'Sent', 'Attempts'].map((t) => h('th', { scope: 'col' }, t)))), h('tbody', {}, rows))
      : h('p', { class: 'muted' }, 'No email sent for this invitation.'),
  );
  if (state === 'invited' || state === 'started') {
    card.append(h('div', { class: 'actions' }, remindButton(invitationId, waitUntil(res.emails[0] ?? null, res.nextReminderAt), message, () => location.reload())));
  }
  card.append(message);
  return card;
}
