// The mailer on its own, on the run's real database and a real SMTP server: two mailers (two servers of a
// cluster) share the outbox and send each message once; a row whose sender died (lease run out) is sent
// again; a message for an invitation revoked before it went is cancelled, not sent.
import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { EmailOutbox } from '../../../server/email/outbox';
import { smtpTransport } from '../../../server/email/transport';
import { createLogger } from '../../../server/logger';
import { invitationCreator } from '../../../server/commands/invitationCreator';
import { userCreator } from '../../../server/commands/userCreator';
import { testDatabase } from '../../helpers/database';
import { uniqueEmail } from '../../helpers/platform';
import { startSmtp, type TestSmtp } from '../../helpers/smtp';

const logger = createLogger('silent');

async function newAssessment(knex: Knex): Promise<number> {
  const recruiter = await userCreator(knex, { email: uniqueEmail('outbox-recruiter'), name: 'Rita Recruiter', role: 'recruiter' });
  const [row] = await knex('assessments').insert({ title: 'Outbox test', recruiter_id: recruiter.id, time_limit_minutes: 45 }).returning(['id']);
  return row.id;
}

async function queued(knex: Knex, assessmentId: number, count: number) {
  const out = [];
  for (let i = 0; i < count; i++) {
    out.push(await invitationCreator(knex, { assessmentId, email: uniqueEmail(`outbox-${i}`), expiresInDays: 7 }, (t) => `http://assay.test/invite/${t}`));
  }
  return out;
}

async function statuses(knex: Knex, ids: number[]): Promise<string[]> {
  const rows = await knex('invitation_emails').whereIn('id', ids).orderBy('id').select('status');
  return rows.map((r) => r.status);
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('email outbox', function () {
  this.timeout(60_000);
  let knex: Knex;
  let smtp: TestSmtp;
  let outboxes: EmailOutbox[] = [];

  before(async () => {
    knex = (await testDatabase()).knex;
    smtp = await startSmtp();
  });
  afterEach(async () => {
    await Promise.all(outboxes.map((o) => o.close()));
    outboxes = [];
  });
  after(() => smtp?.close());

  const mailer = (options = {}) => {
    const o = new EmailOutbox(knex, smtpTransport(smtp.url), 'assay <no-reply@assay.test>', logger, { pollMs: 50, batch: 3, ...options });
    outboxes.push(o);
    return o;
  };

  it('two mailers on one outbox send every message exactly once', async () => {
    const assessmentId = await newAssessment(knex);
    const before = smtp.mails.length;
    const made = await queued(knex, assessmentId, 12);
    const ids = made.map((m) => m.email!.id);
    const [a, b] = [mailer(), mailer()];
    a.start();
    b.start();
    await until(async () => (await statuses(knex, ids)).every((s) => s === 'sent'), 'all sent');
    await Promise.all([a.idle(), b.idle()]);
    const received = smtp.mails.slice(before).map((m) => m.to[0]).sort();
    assert.deepEqual(received, made.map((m) => m.invitation.email).sort(), 'each recipient once, nobody twice');
    const attempts = await knex('invitation_emails').whereIn('id', ids).pluck('attempts');
    assert.deepEqual(attempts.map(Number), ids.map(() => 1));
    // The message uses what the mailer reads at send time: the recruiter's name and the assessment.
    assert.ok(smtp.mails[before].text.includes('Rita Recruiter invites you to take the assessment "Outbox test"'));
    assert.ok(smtp.mails[before].text.includes('45 minutes'));
  });

  it('a row left "sending" by a mailer that died is sent again once its lease has run out', async () => {
    const assessmentId = await newAssessment(knex);
    const [made] = await queued(knex, assessmentId, 1);
    // As a claim by a process that then died: sending, one attempt, lease in the past.
    await knex('invitation_emails').where({ id: made.email!.id }).update({ status: 'sending', attempts: 1, next_attempt_at: new Date(Date.now() - 1000) });
    const before = smtp.mails.length;
    mailer().start();
    await until(async () => (await statuses(knex, [made.email!.id]))[0] === 'sent', 'sent after the lease');
    assert.equal(smtp.mails.length, before + 1);
    const row = await knex('invitation_emails').where({ id: made.email!.id }).first();
    assert.equal(row.attempts, 2);
    assert.equal(row.link, null);
  });

  it('a message for an invitation revoked before it went is cancelled, not sent', async () => {
    const assessmentId = await newAssessment(knex);
    const [made] = await queued(knex, assessmentId, 1);
    await knex('invitations').where({ id: made.invitation.id }).update({ revoked_at: new Date() });
    const before = smtp.mails.length;
    const o = mailer();
    o.start();
    await until(async () => (await statuses(knex, [made.email!.id]))[0] === 'cancelled', 'cancelled');
    await o.idle();
    const row = await knex('invitation_emails').where({ id: made.email!.id }).first();
    assert.equal(row.last_error, 'the invitation was revoked');
    assert.equal(row.link, null);
    assert.equal(smtp.mails.length, before);
  });
});
