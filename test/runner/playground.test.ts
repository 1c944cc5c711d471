// The playground's runner input holds the public parts of a challenge and the candidate's request, nothing else.
import assert from 'node:assert/strict';
import path from 'node:path';
import { parseChallenge, readChallengeFiles } from '../../runner/challenge';
import { apiPlaygroundChallenge, sqlPlaygroundChallenge } from '../../runner/playground';

describe('playground challenge', () => {
  it('carries no hidden test, test file, reference or wrong solution', async () => {
    const challenge = parseChallenge(await readChallengeFiles(path.join('challenges', 'todo-crud')));
    const hidden = challenge.api!.tests.filter((t) => t.visibility === 'hidden');
    assert.ok(hidden.length > 0);
    const pg = apiPlaygroundChallenge(challenge, { method: 'GET', path: '/todos' });
    const text = JSON.stringify(pg);
    for (const t of hidden) assert.ok(!text.includes(t.name), `hidden test ${t.name} leaked`);
    assert.deepEqual(pg.files, {});
    assert.deepEqual(pg.wrong, []);
    assert.equal(pg.solution.code, '');
    assert.deepEqual(pg.api!.tests.map((t) => [t.name, t.visibility, t.steps.length]), [['playground', 'sample', 1]]);
    assert.notEqual(pg.hash, challenge.hash, 'a runner process never mistakes it for the real version');
    assert.notEqual(apiPlaygroundChallenge(challenge, { method: 'GET', path: '/todos/1' }).hash, pg.hash);
  });

  it('a SQL playground holds one sample dataset, query mode, and no reference to run', async () => {
    const challenge = parseChallenge(await readChallengeFiles(path.join('challenges', 'org-chart-hierarchy')));
    const sample = challenge.sql!.datasets.find((d) => d.visibility === 'sample')!;
    const pg = sqlPlaygroundChallenge(challenge, sample.name);
    assert.deepEqual(pg.sql!.datasets.map((d) => d.name), [sample.name]);
    assert.equal(pg.sql!.mode, 'query');
    assert.deepEqual(Object.keys(pg.sql!.expected!), [sample.name]);
    assert.equal(pg.solution.code, '');
    assert.deepEqual(pg.files, {});
    const hidden = challenge.sql!.datasets.find((d) => d.visibility === 'hidden')!;
    assert.throws(() => sqlPlaygroundChallenge(challenge, hidden.name), /no sample dataset/);
  });
});
