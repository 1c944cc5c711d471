import assert from 'node:assert/strict';
import { ALLOWED_DIFFERENCES } from './allowlist';
import { report, runProbes } from './conformance';
import { probes } from './probes/index';

describe('conformance: the sandbox against real Express 5', function () {
  this.timeout(300_000);

  it('answers every probe as Express does, but for the documented differences', async () => {
    assert.ok(probes.length >= 80, `${probes.length} probes`);
    const results = await runProbes(probes);
    const text = report(results);
    const identical = results.filter((r) => r.identical).length;
    assert.ok(identical / results.length >= 0.95, text);
    const unexplained = results.filter((r) => !r.identical && !(r.name in ALLOWED_DIFFERENCES)).map((r) => r.name);
    assert.deepEqual(unexplained, [], text);
  });
});
