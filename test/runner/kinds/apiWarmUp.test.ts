import assert from 'node:assert/strict';
import { apiHarnessSource, harnessRequest } from '../../../runner/kinds/apiHarness';
import { warmUp } from '../../../runner/kinds/apiWarmUp';
import { Sandbox } from '../../../runner/sandbox';

const LIMITS = { timeoutMs: 1000, wallMs: 2000 };

function request(sandbox: Sandbox, fresh: boolean, method: string, path: string) {
  return sandbox.call('request', harnessRequest(fresh, 0, false, { method, path, headers: {}, query: {} }), LIMITS);
}

describe('apiWarmUp', () => {
  it('warms a sandbox up and leaves nothing of its module to the next one', async () => {
    const sandbox = Sandbox.createSync({ memoryMb: 32, outputBytes: 10_000, harness: apiHarnessSource() });
    try {
      await warmUp(sandbox);
      const loaded = await sandbox.loadModule('load', `module.exports = (app) => app.get('/mine', (req, res) => res.json({ headers: res.get('x-warm') ?? null }));`, 'solution.ts');
      assert.ok(loaded.ok);
      const mine = await request(sandbox, true, 'GET', '/mine');
      assert.ok(mine.ok);
      assert.deepEqual(JSON.parse(JSON.parse(mine.value).body), { headers: null }, 'no middleware of the warm-up module runs');
      const theirs = await request(sandbox, false, 'GET', '/items');
      assert.ok(theirs.ok);
      assert.equal(JSON.parse(theirs.value).status, 404, 'no route of the warm-up module answers');
      assert.deepEqual(sandbox.takeConsole(), { text: '', overflow: false });
    } finally {
      sandbox.dispose();
    }
  });
});
