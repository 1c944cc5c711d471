// The recruiter's dashboard of an assessment with 2,000 candidates, all with the same answer (one similarity
// group of 2,000): the table shows one server page at a time, pages forward and back, searches and filters on
// the server, and the similarity panel summarises the group. Any console error fails the test.
import assert from 'node:assert/strict';
import { seedAssessment } from '../../bench/scaleSeed';
import { browserSuite, screenshot } from '../helpers/browser';
import { buildChallenge } from '../helpers/challenges';
import { buildUser } from '../helpers/platform';

describe('web: the assessment dashboard at 2,000 candidates', function () {
  this.timeout(240_000);
  const suite = browserSuite('dashboard-scale');
  const SIZE = 2000;

  it('pages, searches and filters the candidates, and shows the similarity group', async () => {
    const { platform } = suite;
    const knex = platform.db.knex;
    const todo = await buildChallenge(platform, 'todo-crud');
    const recruiter = await buildUser(platform, 'recruiter');
    const seeded = await seedAssessment(knex, {
      candidates: SIZE,
      challenges: [{ id: todo.id, versionId: todo.versionId }],
      submission: (i) => ({ code: todo.challenge.solution.code, score: 50 + (i % 6) * 10 }),
    });
    await knex('assessments').where({ id: seeded.assessmentId }).update({ recruiter_id: recruiter.id });

    const page = await suite.logIn(recruiter);
    await page.waitForURL('**/recruiter');
    await page.goto(`/recruiter/assessments/${seeded.assessmentId}`);
    const rows = page.locator('#candidate-table tbody tr');
    await page.locator('#page-info', { hasText: `1–50 of ${SIZE}` }).waitFor({ timeout: 60_000 });
    assert.equal(await rows.count(), 50);
    assert.equal(await rows.first().locator('td').nth(1).innerText(), '1');
    await page.locator('#similarity li[data-group]').first().waitFor({ timeout: 60_000 });
    assert.match(await page.locator('#similarity li[data-group]').first().innerText(), new RegExp(`^${SIZE} candidates`));
    await screenshot(page, 'dashboard-scale-2000');

    await page.locator('#page-next').click();
    await page.locator('#page-info', { hasText: `51–100 of ${SIZE}` }).waitFor();
    assert.equal(await rows.count(), 50);
    await page.locator('#page-prev').click();
    await page.locator('#page-info', { hasText: `1–50 of ${SIZE}` }).waitFor();

    const email = (await knex('invitations').where({ id: seeded.invitationIds[1234] }).first('email')).email as string;
    await page.getByLabel('Search candidates').fill(email.slice(0, email.indexOf('@')));
    await page.locator('#page-info', { hasText: '1–1 of 1' }).waitFor();
    assert.equal(await rows.count(), 1);
    assert.equal(await rows.first().getAttribute('data-email'), email);
    assert.match(await rows.first().innerText(), /1 group \(1999 similar\)/i);

    await page.getByLabel('Search candidates').fill('');
    await page.getByLabel('State').selectOption('invited');
    await page.locator('#candidates', { hasText: 'No candidate matches.' }).waitFor();
  });
});
