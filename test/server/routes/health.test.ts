// /healthz, /readyz and /metrics of a running platform.
import assert from 'node:assert/strict';
import type { Platform } from '../../../server/platform';
import { startTestPlatform } from '../../helpers/platform';

describe('health, readiness and metrics', function () {
  this.timeout(60_000);
  let platform: Platform;
  before(async () => {
    platform = await startTestPlatform({ env: { METRICS_TOKEN: 'metrics-token-1' } });
  });
  after(() => platform.close());

  it('is ready when the database and the queue answer', async () => {
    const res = await fetch(`${platform.url}/readyz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok', database: 'ok', queue: 'ok' });
    assert.equal((await fetch(`${platform.url}/healthz`)).status, 200);
  });

  it('serves Prometheus metrics behind the token', async () => {
    const refused = await fetch(`${platform.url}/metrics`);
    assert.equal(refused.status, 401);
    assert.equal((await refused.json()).error.code, 'unauthorized');
    const res = await fetch(`${platform.url}/metrics`, { headers: { authorization: 'Bearer metrics-token-1' } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/plain/);
    const text = await res.text();
    for (const name of ['assay_queue_depth', 'assay_judge_seconds_bucket', 'assay_sockets_connected', 'assay_runner_restarts', 'assay_process_cpu_user_seconds_total']) {
      assert.ok(text.includes(name), `${name} in /metrics`);
    }
  });
});
