// The candidate workspace (server/web/src/pages/candidate.ts) in a real browser, when things go wrong: the live
// connection drops while a submission is judged, and the time runs out.
import assert from 'node:assert/strict';
import type { WebSocketRoute } from 'playwright-core';
import type { Platform } from '../../server/platform';
import { createAssessment, invite } from '../helpers/assessments';
import { browserSuite, replaceEditorText, screenshot, type TestBrowser } from '../helpers/browser';
import { buildChallenge, type BuiltChallenge } from '../helpers/challenges';
import { Client } from '../helpers/client';
import { loggedIn } from '../helpers/platform';

describe('web: the candidate workspace', function () {
  this.timeout(120_000);
  const suite = browserSuite('candidate');
  let platform: Platform;
  let browser: TestBrowser;
  let api: BuiltChallenge;
  let recruiter: Client;

  before(async () => {
    ({ platform, browser } = suite);
    api = await buildChallenge(platform, 'todo-crud');
    recruiter = (await loggedIn(platform, 'recruiter')).client;
  });

  /** A candidate page that opened a fresh invitation and started the assessment; returns it and the invitation id. */
  async function startedCandidate(sockets?: { blocked: boolean; open: WebSocketRoute[] }) {
    const assessment = await createAssessment(recruiter, [api.id]);
    const { token, invitation } = await invite(recruiter, assessment.id);
    const page = await browser.newPage(platform.url);
    if (sockets) {
      // The test stands between the page and the Socket.IO server, so it can cut the connection and refuse new ones.
      await page.routeWebSocket(/\/socket\.io\//, (ws) => {
        if (sockets.blocked) return void ws.close({ code: 1011, reason: 'network down (test)' });
        ws.connectToServer();
        sockets.open.push(ws);
      });
      await page.route(/\/socket\.io\/.*transport=polling/, (route) => (sockets.blocked ? route.abort('internetdisconnected') : route.continue()));
    }
    await page.goto(`/invite/${token}`);
    await page.waitForURL('**/candidate');
    await page.getByRole('button', { name: 'Start the assessment' }).click();
    await page.locator(`#pane-${api.id} .cm-content`).waitFor();
    return { page, invitationId: invitation.id as number };
  }

  it('shows every result of a submission judged while the connection was down, once it is back', async () => {
    const sockets = { blocked: false, open: [] as WebSocketRoute[] };
    const { page } = await startedCandidate(sockets);
    const connection = page.locator('.connection');
    await connection.filter({ hasText: 'Live' }).waitFor();

    sockets.blocked = true;
    for (const ws of sockets.open.splice(0)) await ws.close({ code: 1006, reason: 'dropped (test)' });
    await connection.filter({ hasNotText: 'Live' }).waitFor();

    await replaceEditorText(page, `#pane-${api.id}`, api.challenge.solution!.code);
    await page.locator(`#pane-${api.id} button[data-action=submit]`).click();
    // Judged on the server while the page hears nothing.
    const started = Date.now();
    let submission: { status: string } | undefined;
    while (submission?.status !== 'finished') {
      assert.ok(Date.now() - started < 60_000, 'the submission is judged');
      await new Promise((resolve) => setTimeout(resolve, 100));
      submission = await platform.db.knex('submissions').where({ challenge_id: api.id }).orderBy('id', 'desc').first('status');
    }
    assert.equal(await page.locator(`#pane-${api.id} .results .summary`).count(), 0, 'no result reached the page while disconnected');
    await screenshot(page, 'candidate-01-disconnected');

    sockets.blocked = false;
    await connection.filter({ hasText: 'Live' }).waitFor({ timeout: 30_000 });
    const summary = page.locator(`#pane-${api.id} .results .summary`);
    await summary.waitFor();
    assert.equal(await summary.getAttribute('data-verdict'), 'accepted');
    const tests = api.challenge.api!.tests.length;
    assert.equal(await page.locator(`#pane-${api.id} li.test`).count(), tests, 'every test once, none missing or repeated');
    await screenshot(page, 'candidate-02-reconnected');
  });

  it('closes the workspace when the time is up, and the server refuses what comes after', async () => {
    const { page, invitationId } = await startedCandidate();
    await platform.db.knex('invitations').where({ id: invitationId }).update({ deadline_at: new Date(Date.now() + 3000) });
    await page.reload();
    await page.locator(`#pane-${api.id} .cm-content`).waitFor();
    const banner = page.locator('#time-up');
    await banner.waitFor({ timeout: 15_000 });
    assert.match(await banner.innerText(), /Time is up/);
    assert.equal(await page.locator(`#pane-${api.id} button[data-action=submit]`).isDisabled(), true);
    assert.equal(await page.locator(`#pane-${api.id} button[data-action=run]`).isDisabled(), true);
    await screenshot(page, 'candidate-03-time-up');

    const late = await page.request.post(`/api/candidate/challenges/${api.id}/submissions`, {
      data: { code: api.challenge.solution!.code, language: 'typescript' },
    });
    assert.ok(late.status() >= 400, `a late submission is refused (${late.status()})`);
    assert.match(JSON.stringify(await late.json()), /deadline_passed|assessment_finished/);
  });
});
