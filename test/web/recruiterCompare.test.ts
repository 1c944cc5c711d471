// The recruiter's side-by-side comparison (server/web/src/pages/recruiterCompare.ts) in a real browser: two
// candidates who handed in the same solution, names changed, are flagged and their shared lines highlighted.
import assert from 'node:assert/strict';
import type { Platform } from '../../server/platform';
import { candidateVia, createAssessment, finishedSubmission, invite } from '../helpers/assessments';
import { browserSuite, screenshot } from '../helpers/browser';
import { buildChallenge, type BuiltChallenge } from '../helpers/challenges';
import { loggedIn } from '../helpers/platform';

describe('web: recruiter compare', function () {
  this.timeout(120_000);
  const suite = browserSuite('compare');
  let platform: Platform;
  let api: BuiltChallenge;

  before(async () => {
    platform = suite.platform;
    api = await buildChallenge(platform, 'todo-crud');
  });

  it('flags two copies of one solution and highlights the lines they share', async () => {
    const { client: recruiter, user } = await loggedIn(platform, 'recruiter');
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

    const page = await suite.logIn(user);
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
