// Email invitations against a real SMTP server (smtp-server on port 0) and the real app: the invitation and its
// email are created through the HTTP API, the message is read as the server received it, reminders issue a new
// link, a refusing or unreachable server leaves a usable invitation with the failure recorded, and without
// SMTP_URL nothing is sent.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { Platform } from '../../../server/platform';
import { startPlatform } from '../../../server/platform';
import { createLogger } from '../../../server/logger';
import { candidateVia, createAssessment, invite } from '../../helpers/assessments';
import { buildChallenge, type BuiltChallenge } from '../../helpers/challenges';
import { Client } from '../../helpers/client';
import { testDatabase } from '../../helpers/database';
import { loggedIn, startTestPlatform, testConfig, uniqueEmail } from '../../helpers/platform';
import { startSmtp, type TestSmtp } from '../../helpers/smtp';

const FAST = { retryDelaysMs: [100, 100], pollMs: 50 };
const HOSTILE_TITLE = `Backend <script>alert("x")</script> & 'friends'`;

async function emailsOf(recruiter: Client, invitationId: number) {
  const res = await recruiter.get(`/api/invitations/${invitationId}/emails`);
  assert.equal(res.status, 200, res.text);
  return res.body as { enabled: boolean; emails: Array<{ kind: string; status: string; attempts: number; lastError: string | null; sentAt: string | null }>; nextReminderAt: string | null };
}

/** Poll until the invitation's newest email reaches a final status (or the given one). */
async function settled(recruiter: Client, invitationId: number, statuses = ['sent', 'failed', 'cancelled'], timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { emails } = await emailsOf(recruiter, invitationId);
    if (emails[0] && statuses.includes(emails[0].status)) return emails[0];
    if (Date.now() > until) throw new Error(`email of invitation ${invitationId} still ${emails[0]?.status}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

/** Make the invitation's emails an hour and a bit old, as if the reminder interval had passed. */
async function age(platform: Platform, invitationId: number) {
  await platform.db.knex('invitation_emails').where({ invitation_id: invitationId }).update({ created_at: new Date(Date.now() - 61 * 60 * 1000) });
}

/** Nothing left for a later platform on the shared database to send. */
async function quiesce(platform: Platform | undefined) {
  if (!platform) return;
  await platform.outbox?.idle();
  await platform.db.knex('invitation_emails').whereIn('status', ['queued', 'sending']).update({ status: 'cancelled', link: null });
}

describe('email invitations (SMTP_URL set)', function () {
  this.timeout(60_000);
  let smtp: TestSmtp;
  let platform: Platform;
  let recruiter: Client;
  let challenge: BuiltChallenge;
  let assessmentId: number;

  before(async () => {
    smtp = await startSmtp({ user: 'mailer', pass: 'p@ss:word/1' });
    platform = await startTestPlatform({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Hiring at Acme <jobs@acme.test>', PUBLIC_URL: 'https://assess.acme.test/' }, email: FAST });
    recruiter = (await loggedIn(platform, 'recruiter')).client;
    challenge = await buildChallenge(platform, 'todo-crud');
    const res = await recruiter.post('/api/assessments', { title: HOSTILE_TITLE, timeLimitMinutes: 90, challengeIds: [challenge.id] });
    assert.equal(res.status, 201, res.text);
    assessmentId = res.body.assessment.id;
  });
  after(async () => {
    await quiesce(platform);
    await platform?.close();
    await smtp?.close();
  });

  describe('POST /api/assessments/:id/invitations', () => {
    it('answers at once with the email queued, then the candidate receives text and HTML with the link, the title escaped', async () => {
      const before = smtp.mails.length;
      const email = uniqueEmail('Ada');
      const res = await recruiter.post(`/api/assessments/${assessmentId}/invitations`, { email });
      assert.equal(res.status, 201, res.text);
      assert.equal(res.body.email.kind, 'invitation');
      assert.ok(['queued', 'sending', 'sent'].includes(res.body.email.status));
      assert.equal(JSON.stringify(res.body.email).includes('/invite/'), false, 'the delivery view never carries the link');
      const link: string = res.body.link;
      assert.match(link, /^https:\/\/assess\.acme\.test\/invite\/[A-Za-z0-9_-]{43}$/);

      const mail = await smtp.waitFor(before);
      assert.deepEqual(mail.to, [email.toLowerCase()]);
      assert.equal(mail.from, 'jobs@acme.test');
      assert.equal(decodeURIComponent(mail.headers.from), 'Hiring at Acme <jobs@acme.test>');
      assert.equal(mail.headers.to, email.toLowerCase());
      assert.match(mail.headers['content-type'], /^multipart\/alternative/);
      assert.equal(mail.subject, `You are invited to the assessment "${HOSTILE_TITLE}"`);
      assert.ok(mail.text.includes(link), mail.text);
      assert.ok(mail.text.includes(HOSTILE_TITLE), 'plain text carries the title as typed');
      assert.ok(mail.text.includes('1 hours') === false && mail.text.includes('90 minutes'), mail.text);
      assert.ok(mail.html.includes(`href="${link}"`), mail.html);
      assert.ok(mail.html.includes('Backend &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;friends&#39;'), mail.html);
      assert.equal(/<script/i.test(mail.html), false, 'no markup from the title survives');

      const delivered = await settled(recruiter, res.body.invitation.id);
      assert.equal(delivered.status, 'sent');
      assert.equal(delivered.attempts, 1);
      assert.ok(delivered.sentAt);
      // The emailed link is the one that works.
      const token = mail.text.match(/\/invite\/([A-Za-z0-9_-]+)/)![1];
      const accepted = await new Client(platform.url).post('/api/invitations/accept', { token });
      assert.equal(accepted.status, 200, accepted.text);
      // The link is not kept once sent.
      const row = await platform.db.knex('invitation_emails').where({ invitation_id: res.body.invitation.id }).first();
      assert.equal(row.link, null);
    });

    it('a slow SMTP server does not hold the request: 201 while the server keeps the message unanswered', async () => {
      const release = smtp.hold();
      const before = smtp.mails.length;
      try {
        const invited = await invite(recruiter, assessmentId);
        // The request has answered; the server answers no message until released, so the mailer is still at it.
        const until = Date.now() + 10_000;
        while ((await emailsOf(recruiter, invited.invitation.id)).emails[0].status !== 'sending') {
          if (Date.now() > until) throw new Error('never sending');
          await new Promise((r) => setTimeout(r, 20));
        }
        assert.equal(smtp.mails.length, before, 'the message is not delivered yet');
        release();
        assert.equal((await settled(recruiter, invited.invitation.id)).status, 'sent');
      } finally {
        release();
      }
    });

    it('a title with a line break cannot add a header', async () => {
      const res = await recruiter.post('/api/assessments', { title: 'Evil\r\nBcc: victim@example.test', timeLimitMinutes: 30, challengeIds: [challenge.id] });
      assert.equal(res.status, 201, res.text);
      const before = smtp.mails.length;
      await invite(recruiter, res.body.assessment.id);
      const mail = await smtp.waitFor(before);
      assert.equal(mail.headers.bcc, undefined);
      assert.equal(mail.to.length, 1);
      assert.equal(mail.subject, 'You are invited to the assessment "Evil Bcc: victim@example.test"');
    });
  });

  describe('GET /api/assessments/:id/emails', () => {
    it('without ids only whether email is on; 400 for a malformed list; the summary of the asked invitations only', async () => {
      assert.deepEqual((await recruiter.get(`/api/assessments/${assessmentId}/emails`)).body, { enabled: true, invitations: [] });
      assert.equal((await recruiter.get(`/api/assessments/${assessmentId}/emails?ids=`)).status, 400);
      assert.equal((await recruiter.get(`/api/assessments/${assessmentId}/emails?ids=1;drop`)).status, 400);
      const a = await invite(recruiter, assessmentId);
      const b = await invite(recruiter, assessmentId);
      await settled(recruiter, a.invitation.id);
      const res = await recruiter.get(`/api/assessments/${assessmentId}/emails?ids=${a.invitation.id}`);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.enabled, true);
      assert.deepEqual(res.body.invitations.map((i: { invitationId: number }) => i.invitationId), [a.invitation.id]);
      const [summary] = res.body.invitations;
      assert.equal(summary.latest.status, 'sent');
      assert.deepEqual(summary.reminders, { sent: 0, lastSentAt: null });
      assert.ok(Date.parse(summary.nextReminderAt) > Date.now() + 59 * 60 * 1000);
      await settled(recruiter, b.invitation.id);
    });
  });

  describe('reminders', () => {
    it('POST /api/invitations/:id/reminders: 429 within the hour; then a new link by email, the old one dead; counted', async () => {
      const invited = await invite(recruiter, assessmentId);
      const id = invited.invitation.id as number;
      await settled(recruiter, id);
      const tooSoon = await recruiter.post(`/api/invitations/${id}/reminders`);
      assert.equal(tooSoon.status, 429, tooSoon.text);
      assert.equal(tooSoon.body.error.code, 'reminder_too_soon');

      await age(platform, id);
      const before = smtp.mails.length;
      const res = await recruiter.post(`/api/invitations/${id}/reminders`);
      assert.equal(res.status, 202, res.text);
      assert.equal(res.body.email.kind, 'reminder');
      const mail = await smtp.waitFor(before);
      assert.equal(mail.subject, `Reminder: your invitation to the assessment "${HOSTILE_TITLE}"`);
      assert.ok(mail.text.includes('You have not started it yet'), mail.text);
      assert.ok(mail.html.includes('This link replaces the one in earlier emails'));
      const newToken = mail.text.match(/https:\/\/assess\.acme\.test\/invite\/([A-Za-z0-9_-]{43})/)![1];
      assert.notEqual(newToken, invited.token);
      assert.equal((await new Client(platform.url).post('/api/invitations/accept', { token: invited.token })).status, 401, 'the first link no longer works');
      await settled(recruiter, id);

      const again = await recruiter.post(`/api/invitations/${id}/reminders`);
      assert.equal(again.status, 429, 'one reminder per hour');
      const summary = await recruiter.get(`/api/assessments/${assessmentId}/emails?ids=${id}`);
      assert.equal(summary.body.invitations[0].reminders.sent, 1);
      assert.ok(summary.body.invitations[0].reminders.lastSentAt);
      const history = await emailsOf(recruiter, id);
      assert.deepEqual(history.emails.map((e) => `${e.kind}:${e.status}`), ['reminder:sent', 'invitation:sent']);

      // A started candidate is reminded to finish, with the deadline; the new link resumes.
      const { client } = await candidateVia(platform, newToken);
      assert.ok(client);
      await age(platform, id);
      const beforeStarted = smtp.mails.length;
      assert.equal((await recruiter.post(`/api/invitations/${id}/reminders`)).status, 202);
      const started = await smtp.waitFor(beforeStarted);
      assert.match(started.subject, /^Reminder: finish the assessment/);
      assert.match(started.text, /You have started it; your time ends at \d{4}-\d\d-\d\d \d\d:\d\d UTC\./);
      const resumeToken = started.text.match(/\/invite\/([A-Za-z0-9_-]{43})/)![1];
      const resumed = await new Client(platform.url).post('/api/invitations/accept', { token: resumeToken });
      assert.equal(resumed.status, 200, resumed.text);
    });

    it('409 for an invitation with nothing to remind of (revoked), 404 for another recruiter', async () => {
      const invited = await invite(recruiter, assessmentId);
      const other = (await loggedIn(platform, 'recruiter')).client;
      assert.equal((await other.post(`/api/invitations/${invited.invitation.id}/reminders`)).status, 404);
      assert.equal((await recruiter.post(`/api/invitations/${invited.invitation.id}/revoke`)).status, 200);
      await age(platform, invited.invitation.id);
      const res = await recruiter.post(`/api/invitations/${invited.invitation.id}/reminders`);
      assert.equal(res.status, 409, res.text);
      assert.equal(res.body.error.code, 'not_pending');
    });

    it('POST /api/assessments/:id/reminders reminds the pending ones, skips the recent, leaves the rest alone', async () => {
      const own = await createAssessment(recruiter, [challenge.id]);
      const due = await invite(recruiter, own.id);
      const recent = await invite(recruiter, own.id);
      const revoked = await invite(recruiter, own.id);
      for (const i of [due, recent, revoked]) await settled(recruiter, i.invitation.id);
      await recruiter.post(`/api/invitations/${revoked.invitation.id}/revoke`);
      await age(platform, due.invitation.id);
      await age(platform, revoked.invitation.id);
      const before = smtp.mails.length;
      const res = await recruiter.post(`/api/assessments/${own.id}/reminders`);
      assert.equal(res.status, 202, res.text);
      assert.deepEqual(res.body.queued.map((e: { to: string }) => e.to), [due.email.toLowerCase()]);
      assert.deepEqual(res.body.skipped.map((s: { invitationId: number; code: string }) => [s.invitationId, s.code]), [[recent.invitation.id, 'reminder_too_soon']]);
      const mail = await smtp.waitFor(before);
      assert.deepEqual(mail.to, [due.email.toLowerCase()]);
      await settled(recruiter, due.invitation.id);
      assert.equal(smtp.mails.length, before + 1);
    });
  });

  describe('when the SMTP server refuses', () => {
    it('a permanent refusal (550): the invitation is created and usable, the email failed with the server\'s answer, no retry', async () => {
      smtp.refuse(550, 'mailbox unavailable');
      const invited = await invite(recruiter, assessmentId);
      const failed = await settled(recruiter, invited.invitation.id);
      assert.equal(failed.status, 'failed');
      assert.equal(failed.attempts, 1);
      assert.match(failed.lastError!, /550 mailbox unavailable/);
      const { client } = await candidateVia(platform, invited.token);
      assert.equal((await client.get('/api/candidate/assessment')).status, 200);
      // A failed email does not hold back a reminder (the way to send it again).
      const before = smtp.mails.length;
      assert.equal((await recruiter.post(`/api/invitations/${invited.invitation.id}/reminders`)).status, 202);
      await smtp.waitFor(before);
    });

    it('a temporary refusal (451) is retried and then delivered', async () => {
      smtp.refuse(451, 'try again later');
      const before = smtp.mails.length;
      const invited = await invite(recruiter, assessmentId);
      const sent = await settled(recruiter, invited.invitation.id, ['sent', 'failed']);
      assert.equal(sent.status, 'sent');
      assert.equal(sent.attempts, 2);
      assert.equal(sent.lastError, null);
      await smtp.waitFor(before);
    });

    it('temporary refusals past the retries end as failed with the last answer', async () => {
      smtp.refuse(421, 'service not available', 3);
      const invited = await invite(recruiter, assessmentId);
      const failed = await settled(recruiter, invited.invitation.id, ['sent', 'failed']);
      assert.equal(failed.status, 'failed');
      assert.equal(failed.attempts, 3);
      assert.match(failed.lastError!, /421 service not available/);
    });
  });
});

describe('email invitations: credentials and an unreachable server', function () {
  this.timeout(60_000);
  let smtp: TestSmtp;
  let platform: Platform | undefined;
  const logs = new PassThrough();
  let logText = '';
  logs.on('data', (c) => (logText += c));

  before(async () => {
    smtp = await startSmtp({ user: 'mailer', pass: 'right-password' });
  });
  afterEach(async () => {
    await quiesce(platform);
    await platform?.close();
    platform = undefined;
  });
  after(() => smtp?.close());

  it('a wrong password: failed, and neither the error nor any log line shows the password', async () => {
    const secret = 'Wr0ng-s3cret-pw';
    const url = smtp.url.replace('right-password', secret);
    platform = await startPlatform(testConfig({ SMTP_URL: url }), createLogger('debug', { pretty: false, destination: logs }), { db: await testDatabase(), email: FAST });
    const recruiter = (await loggedIn(platform, 'recruiter')).client;
    const challenge = await buildChallenge(platform, 'todo-crud');
    const assessment = await createAssessment(recruiter, [challenge.id]);
    const invited = await invite(recruiter, assessment.id);
    const failed = await settled(recruiter, invited.invitation.id);
    assert.equal(failed.status, 'failed');
    assert.match(failed.lastError!, /535/);
    assert.equal(failed.lastError!.includes(secret), false);
    const res = await recruiter.get(`/api/invitations/${invited.invitation.id}/emails`);
    assert.equal(res.text.includes(secret), false);
    assert.ok(logText.includes('email failed'), 'the failure is logged');
    assert.ok(logText.includes('"smtpHost":"127.0.0.1:'), 'the start names the SMTP host');
    assert.equal(logText.includes(secret), false, 'no log line carries the password');
    assert.equal(logText.includes('/invite/'), false, 'no log line carries an invite link');
    assert.equal(smtp.mails.length, 0);
  });

  it('an email waiting for a retry survives a restart: the next platform sends it', async () => {
    const dead = await startSmtp();
    await dead.close();
    platform = await startTestPlatform({ env: { SMTP_URL: dead.url }, email: { retryDelaysMs: [60_000], pollMs: 50 } });
    const recruiter = (await loggedIn(platform, 'recruiter')).client;
    const challenge = await buildChallenge(platform, 'todo-crud');
    const assessment = await createAssessment(recruiter, [challenge.id]);
    const invited = await invite(recruiter, assessment.id);
    await platform.outbox!.idle();
    const row = await platform.db.knex('invitation_emails').where({ invitation_id: invited.invitation.id }).first();
    assert.equal(row.status, 'queued');
    assert.match(row.last_error, /ECONNREFUSED/);
    assert.equal(row.attempts, 1);
    await platform.close();
    platform = undefined;

    // The retry comes due while no platform runs; the next start (on the reachable server) sends it.
    const db = await testDatabase();
    await db.knex('invitation_emails').where({ id: row.id }).update({ next_attempt_at: new Date() });
    platform = await startTestPlatform({ env: { SMTP_URL: smtp.url }, email: FAST });
    const mail = await smtp.waitFor(0);
    assert.deepEqual(mail.to, [invited.email.toLowerCase()]);
    assert.ok(mail.text.includes(invited.link), 'the link made before the restart');
    // The server has the message before the mailer records its answer.
    let sent = await platform.db.knex('invitation_emails').where({ id: row.id }).first();
    for (let i = 0; sent.status === 'sending' && i < 200; i++) {
      await new Promise((r) => setTimeout(r, 25));
      sent = await platform.db.knex('invitation_emails').where({ id: row.id }).first();
    }
    assert.equal(sent.status, 'sent');
    assert.equal(sent.attempts, 2);
  });

  it('an unreachable server: the request still answers 201, the email is retried, then failed with the socket error', async () => {
    const dead = await startSmtp();
    const url = dead.url;
    await dead.close();
    platform = await startTestPlatform({ env: { SMTP_URL: url }, email: FAST });
    const recruiter = (await loggedIn(platform, 'recruiter')).client;
    const challenge = await buildChallenge(platform, 'todo-crud');
    const assessment = await createAssessment(recruiter, [challenge.id]);
    const invited = await invite(recruiter, assessment.id);
    const failed = await settled(recruiter, invited.invitation.id);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.attempts, 3);
    assert.match(failed.lastError!, /ECONNREFUSED/);
    const { client } = await candidateVia(platform, invited.token);
    assert.equal((await client.get('/api/candidate/assessment')).status, 200);
  });
});

describe('email invitations: SMTP_URL not set', function () {
  this.timeout(60_000);
  let smtp: TestSmtp;
  let platform: Platform;

  before(async () => {
    // A server that would receive anything sent: nothing may arrive.
    smtp = await startSmtp();
    platform = await startTestPlatform();
  });
  after(async () => {
    await platform?.close();
    await smtp?.close();
  });

  it('invites show the link, send nothing, record nothing; reminders answer 409 email_disabled', async () => {
    assert.equal(platform.outbox, undefined);
    const recruiter = (await loggedIn(platform, 'recruiter')).client;
    const challenge = await buildChallenge(platform, 'todo-crud');
    const assessment = await createAssessment(recruiter, [challenge.id]);
    const res = await recruiter.post(`/api/assessments/${assessment.id}/invitations`, { email: uniqueEmail('plain') });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.email, null);
    assert.match(res.body.link, /\/invite\//);
    const id = res.body.invitation.id;
    assert.equal((await platform.db.knex('invitation_emails').where({ invitation_id: id })).length, 0);
    const reminder = await recruiter.post(`/api/invitations/${id}/reminders`);
    assert.equal(reminder.status, 409);
    assert.equal(reminder.body.error.code, 'email_disabled');
    assert.equal((await recruiter.post(`/api/assessments/${assessment.id}/reminders`)).body.error.code, 'email_disabled');
    const summary = await recruiter.get(`/api/assessments/${assessment.id}/emails?ids=${id}`);
    assert.deepEqual(summary.body, { enabled: false, invitations: [] });
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(smtp.mails.length, 0);
  });
});
