// The mailer: sends the invitation_emails rows that are due, after the transaction that wrote them committed.
// A request only writes a row and kicks the mailer; any process of a cluster may send any row (claimed with
// SKIP LOCKED and a lease), so a message survives a restart, and a poll picks up retries and other servers' rows.
import type { Knex } from 'knex';
import type { Logger } from '../logger';
import { invitationEmail, reminderEmail, type EmailContent } from './templates';
import { MailSendError, type MailTransport } from './transport';
import type { InvitationEmailRow } from '../commands/invitationEmailQueuer';
import type { InvitationRow } from '../rows';

export interface OutboxOptions {
  /** Wait before each retry of a temporary failure; its length is the number of retries. */
  retryDelaysMs: number[];
  /** How often due rows are looked for besides the kicks (retries, rows other processes left). */
  pollMs: number;
  /** How long a claimed row is this process's; a row still `sending` after it is presumed lost and sent again. */
  leaseMs: number;
  /** Rows claimed at once. */
  batch: number;
}

export const DEFAULT_OUTBOX_OPTIONS: OutboxOptions = { retryDelaysMs: [30_000, 120_000, 600_000], pollMs: 5_000, leaseMs: 120_000, batch: 10 };

/** The invitation's row as the mailer reads it, with its assessment's title and time limit and the inviter's name. */
type MessageFacts = Pick<InvitationRow, 'email' | 'expires_at' | 'started_at' | 'deadline_at' | 'finished_at' | 'revoked_at'> & {
  title: string;
  time_limit_minutes: number;
  inviter_name: string;
};

const date = (v: Date | string) => new Date(v);

/** Why a message must not go out any more, or null: the link would only say "not valid". */
export function staleReason(f: MessageFacts, now: number): string | null {
  if (f.revoked_at) return 'the invitation was revoked';
  if (f.finished_at || (f.deadline_at && date(f.deadline_at).getTime() <= now)) return 'the candidate has finished';
  if (!f.started_at && date(f.expires_at).getTime() <= now) return 'the invitation has expired';
  return null;
}

export function render(row: InvitationEmailRow, f: MessageFacts): EmailContent {
  const facts = {
    assessmentTitle: f.title,
    inviterName: f.inviter_name || 'A recruiter',
    link: row.link!,
    timeLimitMinutes: f.time_limit_minutes,
    expiresAt: date(f.expires_at),
  };
  return row.kind === 'reminder'
    ? reminderEmail({ ...facts, startedAt: f.started_at ? date(f.started_at) : null, deadlineAt: f.deadline_at ? date(f.deadline_at) : null })
    : invitationEmail(facts);
}

export class EmailOutbox {
  private readonly options: OutboxOptions;
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private closed = false;

  constructor(
    private readonly knex: Knex,
    private readonly transport: MailTransport,
    private readonly from: string,
    private readonly logger: Logger,
    options: Partial<OutboxOptions> = {},
  ) {
    this.options = { ...DEFAULT_OUTBOX_OPTIONS, ...options };
  }

  start(): void {
    this.timer = setInterval(() => this.kick(), this.options.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Look for due rows now (after a commit that wrote one); coalesced with a run in progress. */
  kick(): void {
    if (this.closed) return;
    this.again = true;
    this.running ??= this.run().finally(() => (this.running = undefined));
  }

  /** Resolves when no run is in progress (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.idle();
    this.transport.close();
  }

  private async run(): Promise<void> {
    while (this.again && !this.closed) {
      this.again = false;
      try {
        const claimed = await this.claim();
        if (claimed.length === this.options.batch) this.again = true;
        await Promise.all(claimed.map((row) => this.deliver(row)));
      } catch (err) {
        // The database is unreachable or closing: the next poll tries again; the rows wait.
        this.logger.warn({ err: (err as Error).message }, 'email outbox: could not read due emails');
      }
    }
  }

  private async claim(): Promise<InvitationEmailRow[]> {
    const now = new Date();
    const result = await this.knex.raw(
      `update invitation_emails set status = 'sending', attempts = attempts + 1, next_attempt_at = :lease
       where id in (select id from invitation_emails where status in ('queued', 'sending') and next_attempt_at <= :now
                    order by next_attempt_at, id limit :batch for update skip locked)
       returning *`,
      { now, lease: new Date(now.getTime() + this.options.leaseMs), batch: this.options.batch },
    );
    return result.rows as InvitationEmailRow[];
  }

  /** Writes the outcome only if this attempt still owns the row (a lease that ran out belongs to another). */
  private finish(row: InvitationEmailRow, change: Record<string, unknown>) {
    return this.knex('invitation_emails').where({ id: row.id, status: 'sending', attempts: row.attempts }).update(change);
  }

  private async deliver(row: InvitationEmailRow): Promise<void> {
    const facts: MessageFacts | undefined = await this.knex('invitations as i')
      .join('assessments as a', 'a.id', 'i.assessment_id')
      .join('users as u', 'u.id', 'a.recruiter_id')
      .where('i.id', row.invitation_id)
      .first('i.email', 'i.expires_at', 'i.started_at', 'i.deadline_at', 'i.finished_at', 'i.revoked_at', 'a.title', 'a.time_limit_minutes', 'u.name as inviter_name');
    const stale = !facts || !row.link ? 'the invitation is gone' : staleReason(facts, Date.now());
    if (stale) {
      await this.finish(row, { status: 'cancelled', link: null, last_error: stale });
      return;
    }
    const log = { emailId: row.id, invitationId: row.invitation_id, kind: row.kind, attempt: row.attempts };
    try {
      const content = render(row, facts!);
      const { messageId } = await this.transport.send({ from: this.from, to: row.to_address, ...content });
      await this.finish(row, { status: 'sent', sent_at: new Date(), link: null, last_error: null, message_id: messageId.slice(0, 300) });
      this.logger.info(log, 'email sent');
    } catch (err) {
      const error = err instanceof MailSendError ? err : new MailSendError(String((err as Error)?.message ?? err).slice(0, 500), false);
      const delay = this.options.retryDelaysMs[row.attempts - 1];
      if (error.permanent || delay === undefined) {
        await this.finish(row, { status: 'failed', link: null, last_error: error.message });
        this.logger.warn({ ...log, error: error.message }, 'email failed');
      } else {
        await this.finish(row, { status: 'queued', last_error: error.message, next_attempt_at: new Date(Date.now() + delay) });
        this.logger.info({ ...log, error: error.message, retryInMs: delay }, 'email send failed; will retry');
      }
    }
  }
}
