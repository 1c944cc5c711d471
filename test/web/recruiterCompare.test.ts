// The recruiter's side-by-side comparison (server/web/src/pages/recruiterCompare.ts) in a real browser: two
// candidates who handed in the same solution, names changed, are flagged and their shared lines highlighted.
import assert from 'node:assert/strict';
import type { Platform } from '../../server/platform';
import { candidateVia, createAssessment, finishedSubmission, invite, startAssessmentPlatform } from '../helpers/assessments';
import { launchBrowser, screenshot, type TestBrowser } from '../helpers/browser';
import { buildChallenge, type BuiltChallenge } from '../helpers/challenges';
import { Client } from '../helpers/client';
import { buildUser } from '../helpers/platform';

describe('web: recruiter compare', function () {
  this.timeout(120_000);
  let platform: Platform;
  let browser: TestBrowser;
  let api: BuiltChallenge;

  before(async () => {
    const launching = launchBrowser();
    platform = await startAssessmentPlatform();
    browser = await launching;
    api = await buildChallenge(platform, 'todo-crud');
  });
  after(async () => {
    await browser?.close();
    await platform?.close();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await browser.screenshotAll('compare-failed');
    assert.deepEqual(browser.errors, [], 'no console errors or page errors');
  });

  it('flags two copies of one solution and highlights the lines they share', async () => {
    const user = await buildUser(platform, 'recruiter');
    const recruiter = new Client(platform.url);
    assert.equal((await recruiter.post('/api/auth/login', { email: user.email, password: user.password })).status, 200);
    const assessment = await createAssessment(recruiter, [api.id]);
    const reference = api.challenge.solution!.code;
    // The second copy renames the store and a helper: winnowing normalises names, so it is still the same code.
    const copies = [reference, reference.replace(/(?<!\/)\btodos\b/g, 'items').replace(/\bfind\b/g, 'lookup')];
    assert.notEqual(copies[0], copies[1]);
    const invitations: number[] = [];
    for (const code of copies) {
      const { token, invitation } = await invite(recruiter, assessment.id);
      const { client } = await candidateVia(platform, token);
      const submitted = await client.post(`/api/candidate/challenges/${api.id}/submissions`, { code, language: 'typescript' });
      assert.equal(submitted.status, 202, submitted.text);
      const finished = await finishedSubmission(client, submitted.body.submission.id);
      assert.equal(finished.verdict, 'accepted', 'both copies work');
      invitations.push(invitation.id);
    }

    const page = await browser.newPage(platform.url);
    await page.goto('/login');
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/recruiter');
    await page.goto(`/recruiter/assessments/${assessment.id}/compare?candidates=${invitations.join(',')}`);
    const summary = page.locator('.comparison > p').first();
    await summary.waitFor();
    assert.match(await summary.innerText(), /\d+% similar .* highlighted · flagged/);
    const columns = page.locator('.comparison .compare > div');
    assert.equal(await columns.count(), 2);
    for (let i = 0; i < 2; i++) {
      const shared = await columns.nth(i).locator('.line.shared').count();
      assert.ok(shared > 10, `column ${i + 1}: ${shared} highlighted lines`);
    }
    await screenshot(page, 'compare-01-flagged');
  });
});
