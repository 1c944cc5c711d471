// Integrity signals in the browser: the candidate's workspace reports a large paste, a focus loss, a tab switch
// and the first keystroke; the recruiter's candidate page shows them as signals with the caveat, beside the
// challenge's similarity flags. Any console error fails the test (browserSuite).
import assert from 'node:assert/strict';
import type { Platform } from '../../server/platform';
import { browserSuite, screenshot } from '../helpers/browser';
import { createAssessment, invite } from '../helpers/assessments';
import { buildChallenge, type BuiltChallenge } from '../helpers/challenges';
import { Client } from '../helpers/client';
import { buildUser } from '../helpers/platform';

async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('web: integrity signals', function () {
  this.timeout(120_000);
  const suite = browserSuite('integrity');
  let platform: Platform;
  let api: BuiltChallenge;

  before(async () => {
    platform = suite.platform;
    api = await buildChallenge(platform, 'todo-crud');
  });

  it('records pastes, focus loss, tab switches and the first keystroke, and shows them to the recruiter as signals', async () => {
    const recruiterUser = await buildUser(platform, 'recruiter');
    // The assessment belongs to the recruiter who logs in through the browser below.
    const owner = new Client(platform.url);
    assert.equal((await owner.post('/api/auth/login', { email: recruiterUser.email, password: recruiterUser.password })).status, 200);
    const assessment = await createAssessment(owner, [api.id]);
    const invited = await invite(owner, assessment.id);

    const candidate = await suite.browser.newPage(platform.url);
    await candidate.goto(new URL(invited.link).pathname);
    await candidate.getByRole('button', { name: 'Start the assessment' }).click();
    const content = candidate.locator(`#pane-${api.id} .cm-content`);
    await content.waitFor();
    await candidate.waitForTimeout(300);
    await content.click();
    await candidate.keyboard.type('// plan');

    // A paste of 600 characters into the editor (a synthetic ClipboardEvent: headless Chromium has no clipboard).
    await content.evaluate((el) => {
      const data = new DataTransfer();
      data.setData('text/plain', `${'x'.repeat(599)}\n`);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    // The window loses focus for a moment, then the tab is hidden (another tab in front) and shown again.
    // (Strings and anonymous callbacks only: tsx wraps named functions in a __name helper the page lacks.)
    await candidate.evaluate(() => window.dispatchEvent(new Event('blur')));
    await candidate.waitForTimeout(300);
    await candidate.evaluate(() => window.dispatchEvent(new Event('focus')));
    await candidate.evaluate(`Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'hidden' }); document.dispatchEvent(new Event('visibilitychange'))`);
    await candidate.waitForTimeout(1200);
    await candidate.evaluate(`Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'visible' }); document.dispatchEvent(new Event('visibilitychange'))`);
    await screenshot(candidate, 'integrity-01-candidate-workspace');

    // The page sends its batch within a few seconds.
    const knex = platform.db.knex;
    const rows = await waitFor(
      () => knex('integrity_events').where({ invitation_id: invited.invitation.id }).select('type', 'amount', 'challenge_id'),
      (r) => ['paste', 'blur', 'hidden', 'first_keystroke'].every((t) => r.some((e) => e.type === t)),
      'all four kinds of signal',
    );
    const paste = rows.find((r) => r.type === 'paste')!;
    assert.equal(Number(paste.amount), 600);
    assert.equal(paste.challenge_id, api.id);
    assert.ok(Number(rows.find((r) => r.type === 'hidden')!.amount) >= 1000, 'time hidden measured');

    const recruiter = await suite.logIn(recruiterUser);
    await recruiter.waitForURL('**/recruiter');
    await recruiter.goto(`/recruiter/invitations/${invited.invitation.id}`);
    const card = recruiter.locator('#integrity');
    await card.waitFor();
    assert.match(await card.locator('.caveat').innerText(), /not proof/);
    assert.match(await card.locator('[data-signal=pastes]').innerText(), /1 large paste \(largest 600 characters\)/);
    assert.match(await card.locator('[data-signal=focus]').innerText(), /^1 focus loss/);
    assert.match(await card.locator('[data-signal=tabs]').innerText(), /^1 tab switch/);
    await card.locator('summary').click();
    assert.equal(await card.locator('.signal-timeline li').count(), rows.length);
    assert.match(await recruiter.locator(`#challenge-${api.id} [data-challenge-signals]`).innerText(), /Signals \(not proof\): 1 large paste \(600 characters\) · first keystroke \d+ m?s after opening/);
    await screenshot(recruiter, 'integrity-02-recruiter-signals');
  });
});
