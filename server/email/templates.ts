// The messages a candidate receives, each a plain-text and an HTML body built from the same facts. Everything
// that comes from a user (the assessment's title, the recruiter's name) is escaped before it enters the HTML,
// and kept out of the subject's line structure (no CR/LF).
export interface InvitationFacts {
  assessmentTitle: string;
  /** Who invited the candidate, as shown in the message (the recruiter's name). */
  inviterName: string;
  link: string;
  timeLimitMinutes: number;
  expiresAt: Date;
}

export interface ReminderFacts extends InvitationFacts {
  /** Started: the candidate has begun and has until deadlineAt. */
  startedAt: Date | null;
  deadlineAt: Date | null;
}

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** One line for a header: control characters (a CR/LF would start a new header) become spaces. */
export function oneLine(value: string, max = 150): string {
  const flat = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function when(date: Date): string {
  // UTC and spelled out: the server does not know the candidate's zone, and "12/01" reads two ways.
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function duration(minutes: number): string {
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? '' : 's'}`;
  return `${minutes} minutes`;
}

function page(paragraphs: string[], link: string, action: string): string {
  // Inline styles only: mail clients drop <style> blocks and never run scripts.
  const safeLink = escapeHtml(link);
  return [
    '<!doctype html>',
    '<html><body style="font-family: sans-serif; line-height: 1.5; color: #1f2328;">',
    ...paragraphs.map((p) => `<p>${p}</p>`),
    `<p><a href="${safeLink}" style="display: inline-block; padding: 10px 16px; background: #0b5cad; color: #ffffff; text-decoration: none; border-radius: 4px;">${escapeHtml(action)}</a></p>`,
    `<p style="color: #57606a; font-size: 13px;">Or paste this link into your browser: ${safeLink}</p>`,
    '<p style="color: #57606a; font-size: 13px;">The link is personal: whoever opens it works in your name.</p>',
    '</body></html>',
  ].join('\n');
}

export function invitationEmail(f: InvitationFacts): EmailContent {
  const title = oneLine(f.assessmentTitle);
  const inviter = oneLine(f.inviterName, 100);
  const subject = `You are invited to the assessment "${title}"`;
  const text = [
    'Hello,',
    '',
    `${inviter} invites you to take the assessment "${title}" on assay.`,
    `Once you start it you have ${duration(f.timeLimitMinutes)}; the link is valid until ${when(f.expiresAt)}.`,
    '',
    `Open it here: ${f.link}`,
    '',
    'The link is personal: whoever opens it works in your name.',
  ].join('\n');
  const html = page(
    [
      'Hello,',
      `${escapeHtml(inviter)} invites you to take the assessment <strong>${escapeHtml(title)}</strong> on assay.`,
      `Once you start it you have ${duration(f.timeLimitMinutes)}; the link is valid until ${when(f.expiresAt)}.`,
    ],
    f.link,
    'Open the assessment',
  );
  return { subject, text, html };
}

export function reminderEmail(f: ReminderFacts): EmailContent {
  const title = oneLine(f.assessmentTitle);
  const inviter = oneLine(f.inviterName, 100);
  const started = f.startedAt !== null;
  const subject = started ? `Reminder: finish the assessment "${title}"` : `Reminder: your invitation to the assessment "${title}"`;
  const status = started
    ? `You have started it; your time ends at ${f.deadlineAt ? when(f.deadlineAt) : 'the end of the time limit'}.`
    : `You have not started it yet. Once you start you have ${duration(f.timeLimitMinutes)}; the link is valid until ${when(f.expiresAt)}.`;
  const replaces = 'This link replaces the one in earlier emails, which no longer works.';
  const text = [
    'Hello,',
    '',
    `${inviter} reminds you of the assessment "${title}" on assay.`,
    status,
    '',
    `${started ? 'Continue' : 'Open it'} here: ${f.link}`,
    replaces,
    '',
    'The link is personal: whoever opens it works in your name.',
  ].join('\n');
  const html = page(
    ['Hello,', `${escapeHtml(inviter)} reminds you of the assessment <strong>${escapeHtml(title)}</strong> on assay.`, status, replaces],
    f.link,
    started ? 'Continue the assessment' : 'Open the assessment',
  );
  return { subject, text, html };
}
