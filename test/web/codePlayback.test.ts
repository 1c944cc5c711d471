// Code playback in the browser: the candidate types and runs the samples; the recruiter opens the replay, moves
// the slider back to an earlier frame and jumps to the run's mark. Any console error fails the test (browserSuite).
import assert from 'node:assert/strict';
import type { Platform } from '../../server/platform';
import { browserSuite, replaceEditorText, screenshot } from '../helpers/browser';
import { createAssessment, invite } from '../helpers/assessments';
import { buildChallenge, type BuiltChallenge } from '../helpers/challenges';
import { Client } from '../helpers/client';
import { buildUser } from '../helpers/platform';

describe('web: code playback', function () {
  this.timeout(150_000);
  const suite = browserSuite('playback');
  let platform: Platform;
  let api: BuiltChallenge;

  before(async () => {
    platform = suite.platform;
    api = await buildChallenge(platform, 'todo-crud');
  });

  it('replays how the code grew with a slider, with the run marked', async () => {
    const recruiterUser = await buildUser(platform, 'recruiter');
    const owner = new Client(platform.url);
    assert.equal((await owner.post('/api/auth/login', { email: recruiterUser.email, password: recruiterUser.password })).status, 200);
    const assessment = await createAssessment(owner, [api.id]);
    const invited = await invite(owner, assessment.id);

    const candidate = await suite.browser.newPage(platform.url);
    await candidate.goto(new URL(invited.link).pathname);
    await candidate.getByRole('button', { name: 'Start the assessment' }).click();
    const pane = `#pane-${api.id}`;
    await candidate.locator(`${pane} .cm-content`).waitFor();
    const knex = platform.db.knex;
    const frames = () => knex('code_snapshots').where({ invitation_id: invited.invitation.id }).count({ n: '*' }).then(([r]) => Number(r.n));
    const until = async (n: number) => {
      for (let i = 0; i < 100 && (await frames()) < n; i++) await new Promise((r) => setTimeout(r, 100));
      assert.ok((await frames()) >= n, `at least ${n} snapshots stored`);
    };
    await until(1); // the starter code, sent when the pane opens
    await replaceEditorText(candidate, pane, '// first idea\n');
    await until(2); // sent within the throttle interval
    await replaceEditorText(candidate, pane, api.challenge.solution!.code);
    await candidate.locator(`${pane} button[data-action=run]`).click();
    await candidate.locator(`${pane} .results .summary`).waitFor({ timeout: 60_000 });
    await until(3);
    await screenshot(candidate, 'playback-01-candidate');

    const recruiter = await suite.logIn(recruiterUser);
    await recruiter.waitForURL('**/recruiter');
    await recruiter.goto(`/recruiter/invitations/${invited.invitation.id}`);
    const block = recruiter.locator(`#playback-${api.id}`);
    await block.locator('summary').click();
    const slider = block.locator('input[type=range]');
    await slider.waitFor();
    const last = Number(await slider.getAttribute('max'));
    assert.ok(last >= 2, `three frames or more, got ${last + 1}`);
    assert.match(await block.locator('.cm-content').innerText(), /export default function register/);

    // Back to the second frame: the first idea.
    await slider.fill('1');
    await block.locator('.playback-caption', { hasText: `Frame 2 of ${last + 1}` }).waitFor();
    assert.equal((await block.locator('.cm-content').innerText()).trim(), '// first idea');
    await screenshot(recruiter, 'playback-02-recruiter-earlier-frame');

    // The run's mark jumps to the code it was made from: the solution.
    const mark = block.locator('.mark-run');
    assert.equal(await mark.count(), 1);
    await mark.click();
    assert.equal(await block.getAttribute('data-frame'), await mark.getAttribute('data-frame'));
    assert.match(await block.locator('.cm-content').innerText(), /export default function register/);
    await screenshot(recruiter, 'playback-03-recruiter-run-mark');
  });
});
