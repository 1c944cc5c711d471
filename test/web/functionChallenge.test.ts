// A function challenge (runner/kinds/function/) in a real browser: the candidate sees its sample call sequences, runs
// the starter (it fails), submits the reference and watches it pass; the recruiter sees the score and the code in a
// TypeScript editor (the kind's editor mode), and the author studio lists the challenge.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Platform } from '../../server/platform';
import { createAssessment, invite } from '../helpers/assessments';
import { browserSuite, replaceEditorText, screenshot, type TestBrowser } from '../helpers/browser';
import { buildChallenge, type BuiltChallenge } from '../helpers/challenges';
import { buildUser, loggedIn } from '../helpers/platform';

async function judgeInEditor(page: Page, pane: string, code: string, mode: 'run' | 'submit'): Promise<string> {
  const previous = (await page.locator(`${pane} .results`).getAttribute('data-submission', { timeout: 1000 }).catch(() => null)) ?? '0';
  await replaceEditorText(page, pane, code);
  await page.locator(`${pane} button[data-action=${mode}]`).click();
  const summary = page.locator(`${pane} .results[data-submission]:not([data-submission="${previous}"]) .summary`);
  await summary.waitFor({ timeout: 60_000 });
  return (await summary.getAttribute('data-verdict')) ?? '';
}

describe('web: a function challenge', function () {
  this.timeout(180_000);
  const suite = browserSuite('function');
  let platform: Platform;
  let browser: TestBrowser;
  let lru: BuiltChallenge;

  before(async () => {
    ({ platform, browser } = suite);
    lru = await buildChallenge(platform, 'lru-cache-ttl');
  });

  it('a candidate solves it; the recruiter reviews the code; the author studio lists it', async () => {
    const { client: recruiterApi, user: recruiterUser } = await loggedIn(platform, 'recruiter');
    const assessment = await createAssessment(recruiterApi, [lru.id]);
    const { token, email } = await invite(recruiterApi, assessment.id);

    const candidate = await browser.newPage(platform.url);
    await candidate.goto(`/invite/${token}`);
    await candidate.waitForURL('**/candidate');
    await candidate.getByRole('button', { name: 'Start the assessment' }).click();
    const pane = `#pane-${lru.id}`;
    await candidate.locator(`${pane} .cm-content`).waitFor();
    // The samples: call sequences, shown as written; hidden tests never.
    const samples = candidate.locator(`${pane} .samples`);
    await samples.locator('summary', { hasText: 'stores, evicts the least recently used, expires' }).click();
    assert.match(await samples.innerText(), /cache = new LruCache\(2, 1000\)/);
    assert.match(await samples.innerText(), /cache\.get\("a"\) {2}→ 1/);
    assert.doesNotMatch(await samples.innerText(), /an expired entry makes room/);
    assert.match(await candidate.locator(`${pane} .cm-content`).innerText(), /export class LruCache/);

    assert.equal(await judgeInEditor(candidate, pane, lru.challenge.starter.code, 'run'), 'wrong_answer');
    await screenshot(candidate, 'function-01-candidate-starter-run');
    assert.equal(await judgeInEditor(candidate, pane, lru.challenge.solution.code, 'submit'), 'accepted');
    const hiddenRows = candidate.locator(`${pane} li.test:has(.vis-hidden)`);
    assert.equal(await hiddenRows.count(), lru.challenge.wrong.length + 2, 'every hidden test listed');
    assert.equal(await hiddenRows.locator('details').count(), 0, 'hidden tests show no detail to the candidate');
    await screenshot(candidate, 'function-02-candidate-submitted');

    const recruiter = await suite.logIn(recruiterUser);
    await recruiter.waitForURL('**/recruiter');
    await recruiter.goto(`${platform.url}/recruiter/assessments/${assessment.id}`);
    const row = recruiter.locator(`#candidate-table tr[data-email="${email}"]`);
    await row.locator(`td[data-challenge="${lru.id}"]`, { hasText: '100' }).waitFor();
    await row.getByRole('link', { name: email }).click();
    await recruiter.waitForURL(/\/recruiter\/invitations\/\d+$/);
    await recruiter.locator(`#challenge-${lru.id} .cm-content`).waitFor();
    assert.match(await recruiter.locator(`#challenge-${lru.id} .cm-content`).innerText(), /private purge\(\)/);
    assert.ok((await recruiter.locator(`#challenge-${lru.id} li.test:has(.vis-hidden) details`).count()) > 0, 'recruiters see hidden test detail');
    await screenshot(recruiter, 'function-03-recruiter-review');

    const author = await suite.logIn(await buildUser(platform, 'author'));
    await author.waitForURL('**/author');
    await author.locator(`#challenges tr[data-slug="${lru.slug}"]`).waitFor();
    assert.match(await author.locator(`#challenges tr[data-slug="${lru.slug}"]`).innerText(), /FUNCTION/);
    await author.locator(`#challenges tr[data-slug="${lru.slug}"]`).getByRole('link', { name: lru.challenge.meta.title }).click();
    await author.locator('button[data-file="tests.yaml"]').click();
    await author.locator('.file-editor .cm-content').waitFor();
    await screenshot(author, 'function-04-author-studio');
  });
});
