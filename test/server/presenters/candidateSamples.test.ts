// Issue 16: the candidate's samples come from the kind (one presenter path). In statements mode the reference
// results are stored per verify query (`name#i`), so a presenter that looked them up by dataset name showed
// candidates of dedupe-latest and upsert-inventory neither the verify queries nor the expected rows.
import assert from 'node:assert/strict';
import { computeExpectedInChild } from '../../../runner/expected';
import type { Platform } from '../../../server/platform';
import { createAssessment, candidateVia, invite, startAssessmentPlatform } from '../../helpers/assessments';
import { buildChallenge } from '../../helpers/challenges';
import { loggedIn } from '../../helpers/platform';

describe('candidate samples of a statements-mode SQL challenge, through the HTTP API', function () {
  this.timeout(180_000);
  let platform: Platform;
  before(async () => {
    platform = await startAssessmentPlatform();
  });
  after(() => platform.close());

  for (const folder of ['dedupe-latest', 'upsert-inventory']) {
    it(`${folder}: the verify queries and the expected rows of each sample dataset, per verify query`, async () => {
      const built = await buildChallenge(platform, folder);
      const sql = built.challenge.sql!;
      assert.equal(sql.mode, 'statements');
      // What validation stores with the version: the reference's result tables, keyed `dataset#i`.
      const expected = await computeExpectedInChild(built.challenge);
      await platform.db.knex('challenge_versions').where({ id: built.versionId }).update({ expected: JSON.stringify(expected) });

      const recruiter = (await loggedIn(platform, 'recruiter')).client;
      const assessment = await createAssessment(recruiter, [built.id]);
      const { assessment: view } = await candidateVia(platform, (await invite(recruiter, assessment.id)).token);
      const c = view.challenges[0];

      assert.deepEqual(c.samples.verify, sql.verify);
      const samples = sql.datasets.filter((d) => d.visibility === 'sample');
      assert.ok(samples.length > 0);
      assert.deepEqual(
        c.samples.datasets.map((d: { name: string }) => d.name),
        samples.map((d) => d.name),
      );
      for (const [i, d] of samples.entries()) {
        const tables = sql.verify.map((_, q) => expected[`${d.name}#${q + 1}`]);
        assert.ok(tables.every((t) => t && t.rows.length > 0), 'the reference leaves rows to verify');
        assert.deepEqual(c.samples.datasets[i].expected, JSON.parse(JSON.stringify(tables)));
      }
      // Hidden datasets: counted, never named, their rows never sent.
      const text = JSON.stringify(view);
      for (const d of sql.datasets.filter((d) => d.visibility === 'hidden')) {
        assert.ok(!text.includes(JSON.stringify(d.name)), d.name);
        for (let q = 1; q <= sql.verify.length; q++) {
          const rows = JSON.stringify(expected[`${d.name}#${q}`].rows);
          if (rows !== '[]' && !JSON.stringify(c.samples.datasets).includes(rows)) assert.ok(!text.includes(rows));
        }
      }
      assert.equal(c.samples.hiddenDatasets, sql.datasets.length - samples.length);
      assert.equal(c.editorMode, 'sql');
    });
  }
});
