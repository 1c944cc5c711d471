// "Try a request" in the browser: the candidate sends a POST to their code and sees status, headers, body and
// console. Any console error fails the test (browserSuite).
import assert from 'node:assert/strict';
import type { Platform } from '../../server/platform';
import { browserSuite, replaceEditorText, screenshot } from '../helpers/browser';
import { createAssessment, invite } from '../helpers/assessments';
import { buildChallenge, type BuiltChallenge } from '../helpers/challenges';
import { loggedIn } from '../helpers/platform';

describe('web: candidate playground', function () {
  this.timeout(120_000);
  const suite = browserSuite('playground');
  let platform: Platform;
  let api: BuiltChallenge;
  let sql: BuiltChallenge;

  before(async () => {
    platform = suite.platform;
    api = await buildChallenge(platform, 'todo-crud');
    sql = await buildChallenge(platform, 'org-chart-hierarchy');
  });

  it('sends a request to the current code and shows the response', async () => {
    const { client: owner } = await loggedIn(platform, 'recruiter');
    const assessment = await createAssessment(owner, [api.id]);
    const invited = await invite(owner, assessment.id);
    const page = await suite.browser.newPage(platform.url);
    await page.goto(new URL(invited.link).pathname);
    await page.getByRole('button', { name: 'Start the assessment' }).click();
    const pane = `#pane-${api.id}`;
    await page.locator(`${pane} .cm-content`).waitFor();
    const code = api.challenge.solution.code.replace('export default function register(app: any) {', "export default function register(app: any) {\n  console.log('hello from my app');");
    await replaceEditorText(page, pane, code);

    const box = page.locator(`#playground-${api.id}`);
    await box.locator('summary').click();
    await box.getByLabel('Method').selectOption('POST');
    await box.getByLabel('Path').fill('/todos');
    await box.getByLabel('Headers').fill('X-Trace: browser');
    await box.getByLabel('Body (JSON)').fill('{"title": "From the playground"}');
    await box.getByRole('button', { name: 'Send request' }).click();
    const response = box.locator('.response[data-status="201"]');
    await response.waitFor({ timeout: 60_000 });
    assert.deepEqual(JSON.parse(await box.locator('.response-body').innerText()), { id: 1, title: 'From the playground', done: false });
    assert.match(await box.locator('.response-console').innerText(), /hello from my app/);
    await box.locator('.response summary').click();
    assert.match(await box.locator('.response-headers').innerText(), /location: \/todos\/1/i);
    await screenshot(page, 'playground-01-try-a-request');

    // Invalid JSON is caught on the page, before any request.
    await box.getByLabel('Body (JSON)').fill('{oops');
    await box.getByRole('button', { name: 'Send request' }).click();
    await box.locator('.status.error', { hasText: 'not valid JSON' }).waitFor();
  });

  it('runs a read-only query against a sample dataset and shows the table', async () => {
    const { client: owner } = await loggedIn(platform, 'recruiter');
    const assessment = await createAssessment(owner, [sql.id]);
    const invited = await invite(owner, assessment.id);
    const page = await suite.browser.newPage(platform.url);
    await page.goto(new URL(invited.link).pathname);
    await page.getByRole('button', { name: 'Start the assessment' }).click();
    await page.locator(`#pane-${sql.id} .cm-content`).waitFor();
    const box = page.locator(`#query-${sql.id}`);
    await box.locator('summary').click();
    await box.getByLabel('Query').fill('select 6 * 7 as answer, 0 as zero');
    await box.getByRole('button', { name: 'Run query' }).click();
    await box.locator('table.query-table').waitFor({ timeout: 60_000 });
    assert.deepEqual(await box.locator('th').allInnerTexts(), ['answer', 'zero']);
    assert.deepEqual(await box.locator('tbody td').allInnerTexts(), ['42', '0']);
    await screenshot(page, 'playground-02-run-a-query');
    await box.getByLabel('Query').fill('drop table employees');
    await box.getByRole('button', { name: 'Run query' }).click();
    await box.locator('.status.error').waitFor({ timeout: 60_000 });
  });
});
