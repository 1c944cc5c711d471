import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadChallenge } from '../../runner/challenge';
import { computeExpectedInChild, SqlValidator } from '../../runner/expected';
import { computeExpected } from '../../runner/kinds/sql';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('runner/expected', function () {
  this.timeout(120_000);

  it('computes in a child process the same reference results as in this one', async () => {
    const challenge = await loadChallenge(path.join(ROOT, 'challenges/second-highest-salary'));
    const [inChild, here] = await Promise.all([computeExpectedInChild(challenge), computeExpected(challenge)]);
    assert.deepEqual(inChild, here);
  });

  it('reports the reference failing with its message', async () => {
    const challenge = await loadChallenge(path.join(ROOT, 'challenges/second-highest-salary'));
    // Another challenge (so another content hash): the validation child outlives a request and caches by it.
    const broken = { ...challenge, hash: `${challenge.hash}-broken`, solution: { ...challenge.solution, code: 'select no_such_column from employee' } };
    await assert.rejects(computeExpectedInChild(broken), /the reference solution failed on dataset/);
  });

  it('closing the validator answers the request it is running, and the ones queued', async () => {
    const challenge = await loadChallenge(path.join(ROOT, 'challenges/second-highest-salary'));
    const validator = new SqlValidator();
    const running = assert.rejects(validator.computeExpected(challenge), /the runner is closed/);
    const queued = assert.rejects(validator.computeExpected({ ...challenge, hash: `${challenge.hash}-queued` }), /the runner is closed/);
    await validator.close();
    await running;
    await queued;
  });
});
