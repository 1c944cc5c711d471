// Email invitations in the browser, against a real SMTP server on port 0: the recruiter invites by email and
// sees each delivery become "sent" in the candidates table, sends a reminder (counted in the table), sees a
// refused email as "failed" with the server's answer, and reminds all pending candidates at once.
import assert from 'node:assert/strict';
import type { Platform } from '../../server/platform';
import { browserSuite, screenshot } from '../helpers/browser';
import { createAssessment } from '../helpers/assessments';
import { buildChallenge } from '../helpers/challenges';
import { Client } from '../helpers/client';
import { buildUser, uniqueEmail } from '../helpers/platform';
import { startSmtp, type TestSmtp } from '../helpers/smtp';

describe('web: email invitations', function () {
  this.timeout(120_000);
  let smtp: TestSmtp;
  before(async () => {
    smtp = await startSmtp({ user: 'mailer', pass: 'browser-secret' });
  });
  const suite = browserSuite('email', { env: () => ({ SMTP_URL: smtp.url, MAIL_FROM: 'Acme Hiring <jobs@acme.test>' }) });
  let platform: Platform;
  after(async () => {
    await platform?.db.knex('invitation_emails').whereIn('status', ['queued', 'sending']).update({ status: 'cancelled', link: null });
    await smtp?.close();
  });

  it('invites by email, shows "sent", sends a reminder, shows a refused email as failed, reminds all pending', async () => {
    platform = suite.platform;
    const challenge = await buildChallenge(platform, 'todo-crud');
    const recruiterUser = await buildUser(platform, 'recruiter');
    const owner = new Client(platform.url);
    assert.equal((await owner.post('/api/auth/login', { email: recruiterUser.email, password: recruiterUser.password })).status, 200);
    const assessment = await createAssessment(owner, [challenge.id]);

    const page = await suite.logIn(recruiterUser);
    await page.waitForURL('**/recruiter');
    await page.goto(`/recruiter/assessments/${assessment.id}`);
    const [ada, grace] = [uniqueEmail('ada'), uniqueEmail('grace')];
    await page.getByLabel('Emails').fill(`${ada}, ${grace}`);
    await page.getByRole('button', { name: 'Create invitation links' }).click();
    await page.getByText('2 invitation links created and emailed to the candidates').waitFor();
    const row = (email: string) => page.locator(`#candidate-table tr[data-email="${email.toLowerCase()}"]`);
    for (const email of [ada, grace]) await row(email).locator('.email-cell[data-email-status="sent"]').waitFor({ timeout: 20_000 });
    assert.equal(await row(ada).locator('.mail').textContent(), 'sent');
    assert.equal(smtp.mails.length, 2);
    assert.deepEqual(smtp.mails.map((m) => m.to[0]).sort(), [ada, grace].map((e) => e.toLowerCase()).sort());
    // Within the hour after the invitation the Remind button waits, and says until when.
    assert.equal(await row(ada).locator('button[data-remind]').isDisabled(), true);
    await screenshot(page, 'email-01-invited-sent');

    // An hour later (the invitation's email aged in the database), a reminder goes out from the table.
    const adaId = Number(await row(ada).getAttribute('data-invitation'));
    await platform.db.knex('invitation_emails').where({ invitation_id: adaId }).update({ created_at: new Date(Date.now() - 61 * 60 * 1000) });
    await page.reload();
    await row(ada).locator('button[data-remind]:not([disabled])').click();
    await page.getByText('Reminder queued').waitFor();
    await row(ada).getByText('1 reminder').waitFor({ timeout: 20_000 });
    assert.equal(await row(ada).locator('.mail').textContent(), 'reminder sent');
    const reminder = await smtp.waitFor(2);
    assert.match(reminder.subject, /^Reminder: your invitation to the assessment/);
    assert.deepEqual(reminder.to, [ada.toLowerCase()]);
    await screenshot(page, 'email-02-reminder-sent');

    // The SMTP server refuses the next recipient: the invitation exists, its email shows as failed with the answer.
    smtp.refuse(550, 'mailbox unavailable');
    const linus = uniqueEmail('linus');
    await page.getByLabel('Emails').fill(linus);
    await page.getByRole('button', { name: 'Create invitation links' }).click();
    await row(linus).locator('.email-cell[data-email-status="failed"]').waitFor({ timeout: 20_000 });
    assert.match((await row(linus).locator('.mail-error').textContent())!, /550 mailbox unavailable/);
    assert.equal(await page.locator(`#invite-links input[data-email="${linus}"]`).count(), 1, 'the link is still shown to copy');
    await screenshot(page, 'email-03-failed');

    // Remind all pending: the failed one goes again at once; the others were emailed within the hour.
    await page.getByRole('button', { name: 'Remind all pending' }).click();
    await page.getByText('1 reminder queued, 2 skipped (emailed less than an hour ago).').waitFor();
    const again = await smtp.waitFor(3);
    assert.deepEqual(again.to, [linus.toLowerCase()]);
    await row(linus).locator('.email-cell[data-email-status="sent"]').waitFor({ timeout: 20_000 });
    await screenshot(page, 'email-04-remind-all');

    // The candidate's page lists every email of the invitation, newest first.
    await page.goto(`/recruiter/invitations/${adaId}`);
    const history = page.locator('#emails tbody tr');
    await history.first().waitFor();
    assert.deepEqual(await history.locator('td:first-child').allTextContents(), ['reminder', 'invitation']);
    assert.deepEqual(await history.locator('.mail').allTextContents(), ['reminder sent', 'sent']);
    assert.equal(await page.locator('#emails button[data-remind]').isDisabled(), true, 'reminded within the hour');
    await page.locator('#emails').scrollIntoViewIfNeeded();
    await screenshot(page, 'email-05-candidate-history');
  });
});
