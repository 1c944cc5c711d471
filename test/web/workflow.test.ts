// The whole product in a real browser: a recruiter creates an assessment and invites; the candidate opens the link,
// solves one API and one SQL challenge in the editor and watches the results stream in; the recruiter sees the
// score and the code. Any console error or uncaught exception on any page fails the test.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Platform } from '../../server/platform';
import { browserSuite, replaceEditorText, screenshot, type TestBrowser } from '../helpers/browser';
import { buildChallenge, type BuiltChallenge } from '../helpers/challenges';
import { buildUser, uniqueEmail } from '../helpers/platform';

/** Paste a solution into the challenge's editor, submit it in `mode`, and wait for the streamed summary. */
async function judgeInEditor(page: Page, challenge: BuiltChallenge, code: string, mode: 'run' | 'submit'): Promise<string> {
  const pane = `#pane-${challenge.id}`;
  const previous = (await page.locator(`${pane} .results`).getAttribute('data-submission', { timeout: 1000 }).catch(() => null)) ?? '0';
  await replaceEditorText(page, pane, code);
  await page.locator(`${pane} button[data-action=${mode}]`).click();
  const summary = page.locator(`${pane} .results[data-submission]:not([data-submission="${previous}"]) .summary`);
  await summary.waitFor({ timeout: 60_000 });
  return (await summary.getAttribute('data-verdict')) ?? '';
}

describe('web: recruiter → candidate → recruiter in the browser', function () {
  this.timeout(180_000);
  const suite = browserSuite('workflow');
  let platform: Platform;
  let browser: TestBrowser;
  let api: BuiltChallenge;
  let sql: BuiltChallenge;

  before(async () => {
    ({ platform, browser } = suite);
    api = await buildChallenge(platform, 'todo-crud');
    sql = await buildChallenge(platform, 'org-chart-hierarchy');
  });

  it('creates, invites, solves, scores and reviews', async () => {
    const recruiterUser = await buildUser(platform, 'recruiter');

    // Recruiter: log in, create an assessment with both challenges, invite a candidate.
    const recruiter = await suite.logIn(recruiterUser);
    await recruiter.waitForURL('**/recruiter');
    await screenshot(recruiter, '01-recruiter-assessments');
    await recruiter.getByRole('link', { name: 'New assessment' }).click();
    await recruiter.getByLabel('Title').fill('Backend engineer (browser test)');
    await recruiter.getByLabel('Time limit (minutes)').fill('45');
    await recruiter.locator(`input[data-slug="${api.slug}"]`).check();
    await recruiter.locator(`input[data-slug="${sql.slug}"]`).check();
    await screenshot(recruiter, '02-recruiter-new-assessment');
    await recruiter.getByRole('button', { name: 'Create assessment' }).click();
    const refused = recruiter.locator('form .status.error');
    await Promise.race([recruiter.waitForURL(/\/recruiter\/assessments\/\d+$/), refused.waitFor()]);
    if (await refused.isVisible()) assert.fail(`creating the assessment failed: ${await refused.innerText()}`);
    const candidateEmail = uniqueEmail('browser-cand');
    await recruiter.getByLabel('Emails').fill(candidateEmail);
    await recruiter.getByRole('button', { name: 'Create invitation links' }).click();
    const linkInput = recruiter.locator(`#invite-links input[data-email="${candidateEmail}"]`);
    await linkInput.waitFor();
    const link = await linkInput.inputValue();
    assert.match(link, /\/invite\/[\w-]+$/);
    await recruiter.locator(`#candidate-table tr[data-email="${candidateEmail}"]`).waitFor();
    await screenshot(recruiter, '03-recruiter-invited');
    const assessmentUrl = recruiter.url();

    // Candidate: open the link (a separate browser context: its own session), start, solve both challenges.
    const candidate = await browser.newPage(platform.url);
    await candidate.goto(new URL(link).pathname);
    await candidate.waitForURL('**/candidate');
    const start = candidate.getByRole('button', { name: 'Start the assessment' });
    await start.waitFor();
    await screenshot(candidate, '04-candidate-intro');
    await start.click();
    await candidate.locator(`#tab-${api.id}`).click();
    await candidate.locator(`#pane-${api.id} .cm-content`).waitFor();
    await candidate.locator('.timer').filter({ hasText: /^\d+:\d\d$/ }).waitFor();

    // A sample run, then a scored submission of the reference solution: every test streams in accepted.
    const runVerdict = await judgeInEditor(candidate, api, api.challenge.solution!.code, 'run');
    assert.equal(runVerdict, 'accepted');
    assert.ok((await candidate.locator(`#pane-${api.id} li.test`).count()) > 0, 'sample tests listed');
    await screenshot(candidate, '05-candidate-api-run');
    const apiVerdict = await judgeInEditor(candidate, api, api.challenge.solution!.code, 'submit');
    assert.equal(apiVerdict, 'accepted');
    const hiddenRows = candidate.locator(`#pane-${api.id} li.test:has(.vis-hidden)`);
    assert.ok((await hiddenRows.count()) > 0, 'hidden tests appear with their verdicts');
    assert.equal(await hiddenRows.locator('details').count(), 0, 'hidden tests show no detail to the candidate');
    await screenshot(candidate, '06-candidate-api-submitted');

    await candidate.locator(`#tab-${sql.id}`).click();
    await candidate.locator(`#pane-${sql.id} .cm-content`).waitFor();
    const sqlVerdict = await judgeInEditor(candidate, sql, sql.challenge.solution!.code, 'submit');
    assert.equal(sqlVerdict, 'accepted');
    await screenshot(candidate, '07-candidate-sql-submitted');

    // A reload keeps the draft and shows the latest results again.
    await candidate.reload();
    await candidate.locator(`#pane-${sql.id} .results .summary[data-verdict=accepted]`).waitFor();
    assert.match(await candidate.locator(`#pane-${sql.id} .save-state`).innerText(), /saved|Saved/);

    // Recruiter: the live table shows the scores; the candidate page shows score, code and per-test results.
    await recruiter.goto(assessmentUrl);
    const row = recruiter.locator(`#candidate-table tr[data-email="${candidateEmail}"]`);
    await row.locator(`td[data-challenge="${api.id}"]`, { hasText: '100' }).waitFor();
    await row.locator(`td[data-challenge="${sql.id}"]`, { hasText: '100' }).waitFor();
    assert.equal((await row.locator('td.total').innerText()).trim(), '200');
    await screenshot(recruiter, '08-recruiter-scores');
    await row.getByRole('link', { name: candidateEmail }).click();
    await recruiter.waitForURL(/\/recruiter\/invitations\/\d+$/);
    await recruiter.locator(`#scores tr[data-challenge="${api.id}"] td.score`, { hasText: '100' }).waitFor();
    await recruiter.locator(`#challenge-${api.id} .cm-content`).waitFor();
    const shownCode = await recruiter.locator(`#challenge-${api.id} .cm-content`).innerText();
    assert.match(shownCode, /export default function register/);
    assert.ok((await recruiter.locator(`#challenge-${api.id} li.test:has(.vis-hidden) details`).count()) > 0, 'recruiters see hidden test detail');
    await screenshot(recruiter, '09-recruiter-candidate');

    // The review is saved; the CSV lists the candidate with both scores.
    await recruiter.getByLabel('Notes').fill('Clean REST design; good SQL.');
    await recruiter.getByLabel('4', { exact: true }).check();
    await recruiter.getByLabel('Decision').selectOption('advance');
    await recruiter.getByRole('button', { name: 'Save review' }).click();
    await recruiter.locator('#review .status.ok').waitFor();
    const csv = await recruiter.request.get(`${assessmentUrl.replace('/recruiter/', '/api/')}/results.csv`);
    assert.equal(csv.status(), 200);
    const line = (await csv.text()).split('\n').find((l) => l.includes(candidateEmail));
    assert.ok(line && /,advance,/.test(line), `CSV row with the decision: ${line}`);
  });

  it('shows the author studio: challenges, versions and files', async () => {
    const authorUser = await buildUser(platform, 'author');
    const author = await suite.logIn(authorUser);
    await author.waitForURL('**/author');
    await author.locator(`#challenges tr[data-slug="${api.slug}"]`).waitFor();
    await screenshot(author, '10-author-challenges');
    await author.locator(`#challenges tr[data-slug="${api.slug}"]`).getByRole('link', { name: api.challenge.meta.title }).click();
    await author.locator('#versions tr[data-version="1"]').waitFor();
    await author.locator('button[data-file="tests.yaml"]').click();
    await author.locator('.file-editor .cm-content').waitFor();
    assert.match(await author.locator('.file-title').innerText(), /tests\.yaml/);
    await screenshot(author, '11-author-challenge');
    // A published version is frozen: validating it is not offered, rejudging is. The candidate's submission of the
    // first test (the only one of this challenge) is rejudged against it, with the same score.
    assert.equal(await author.locator('#validate').isDisabled(), true);
    await author.locator('#rejudge-button').click();
    await author.locator('#rejudge p').filter({ hasText: /^1\/1 rejudged · 0 changed · 0 failed · finished$/ }).waitFor({ timeout: 60_000 });
    assert.equal(await author.locator('#rejudge progress').getAttribute('value'), '1');
    await screenshot(author, '11b-author-rejudged');
  });

  it('validates a draft with live progress and publishes it from the author studio', async () => {
    const authorUser = await buildUser(platform, 'author');
    const author = await suite.logIn(authorUser);
    await author.waitForURL('**/author');
    // A draft authored through the API: the files of todo-crud under a new slug.
    const slug = `studio-${Date.now().toString(36)}`;
    const files = { ...api.challenge.files, 'challenge.yaml': api.challenge.files['challenge.yaml'].replace(/^slug: .*$/m, `slug: ${slug}`) };
    const created = await author.evaluate(
      async (body) => (await fetch('/api/challenges', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status,
      { files },
    );
    assert.equal(created, 201);
    await author.goto(`${platform.url}/author/challenges/${slug}`);
    assert.equal(await author.locator('#publish').isDisabled(), true, 'an unvalidated draft cannot be published');
    await author.locator('#validate').click();
    await author.locator('#validation-result').filter({ hasText: 'Valid' }).waitFor({ timeout: 60_000 });
    assert.ok((await author.locator('#validation li').count()) > 0, 'progress lists each judged solution');
    assert.equal(await author.locator(`#versions tr[data-version="1"] .valid-cell`).innerText(), '✓ valid');
    await screenshot(author, '12-author-validated');
    await author.locator('#publish:not([disabled])').click();
    await author.locator('h1 .badge').filter({ hasText: 'published' }).waitFor();
    await screenshot(author, '13-author-published');
  });
});
