// Sending one message by SMTP (nodemailer), with the SMTP URL's credentials kept out of every error we keep or log.
import nodemailer from 'nodemailer';

export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailTransport {
  send(message: MailMessage): Promise<{ messageId: string }>;
  close(): void;
}

/** A failed send: `permanent` when the server refused for good (a 5xx reply), so trying again cannot help. */
export class MailSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'MailSendError';
  }
}

/** The secrets an error text must never carry: the URL itself and its password, raw and decoded. */
function secretsOf(smtpUrl: string): string[] {
  const u = new URL(smtpUrl);
  const out = [smtpUrl];
  if (u.password) out.push(u.password, decodeURIComponent(u.password));
  return out.filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('***');
  return out;
}

/** What is kept of a nodemailer error: its message (the SMTP reply or the socket error), redacted and capped. */
export function toSendError(err: unknown, secrets: string[]): MailSendError {
  const e = err as { message?: string; responseCode?: number; permanent?: boolean };
  const message = redact(String(e?.message ?? err), secrets).slice(0, 500);
  const permanent = e?.permanent === true || (typeof e?.responseCode === 'number' && e.responseCode >= 500);
  return new MailSendError(message, permanent);
}

export function smtpTransport(smtpUrl: string): MailTransport {
  const secrets = secretsOf(smtpUrl);
  // One connection per message (no pool): invitations come in bursts of a few, and a pooled connection that the
  // server dropped while idle would turn into a failed send. Timeouts bound a server that accepts and stalls.
  // Settings in the URL's query (`?requireTLS=true`, `?tls.rejectUnauthorized=false`) are nodemailer's and win.
  const transporter = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000, logger: false, debug: false });
  return {
    async send(message) {
      try {
        const info = await transporter.sendMail(message);
        return { messageId: String(info.messageId ?? '') };
      } catch (err) {
        throw toSendError(err, secrets);
      }
    },
    close: () => transporter.close(),
  };
}
