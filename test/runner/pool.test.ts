import assert from 'node:assert/strict';
import { collectEvents } from '../../runner/judge';
import { Pool } from '../../runner/pool';
import type { TestFinished } from '../../runner/types';
import { buildApiChallenge, get } from './factories';

const challenge = buildApiChallenge(
  [
    { name: 'first', visibility: 'hidden', steps: [get('/ok', { body: { ok: true } })] },
    { name: 'bomb', visibility: 'hidden', steps: [get('/bomb', { status: 200 })] },
    { name: 'last', visibility: 'hidden', steps: [get('/ok', { body: { ok: true } })] },
  ],
  { cpuMsPerTest: 300, wallMsPerSubmission: 4000, memoryMb: 32 },
  'pool-fixture',
);
const good = `export default (app) => { app.get('/ok', (req, res) => res.json({ ok: true })); app.get('/bomb', (req, res) => res.json({})); };`;
// A single huge allocation aborts the whole V8 process (exit 134): only the pool can survive it.
const bomb = `export default (app) => { app.get('/ok', (req, res) => res.json({ ok: true })); app.get('/bomb', (req, res) => res.json(new Array(1e8).fill(0))); };`;

describe('Pool', function () {
  this.timeout(60_000);
  let pool: Pool;
  afterEach(async () => {
    await pool?.close();
  });

  it('queues jobs beyond the number of processes and finishes every one', async () => {
    pool = new Pool({ processes: 1 });
    const results = await Promise.all(Array.from({ length: 5 }, () => collectEvents(pool.judge(challenge, { code: good, language: 'typescript' }))));
    for (const r of results) {
      assert.equal(r.finished.verdict, 'accepted');
      assert.equal(r.events.filter((e) => e.type === 'test:finished').length, 3);
    }
  });

  it('replaces a process killed by a memory bomb, retries once, then gives memory_limit', async () => {
    pool = new Pool({ processes: 1 });
    const pid = pool.pids()[0];
    const { events, finished } = await collectEvents(pool.judge(challenge, { code: bomb, language: 'typescript' }));
    assert.equal(finished.verdict, 'memory_limit');
    assert.equal(pool.replaced, 2);
    assert.notEqual(pool.pids()[0], pid);
    // The test finished before the crash is delivered once, not again on the retry.
    const finishedTests = events.filter((e): e is TestFinished => e.type === 'test:finished');
    assert.deepEqual(finishedTests.map((t) => [t.name, t.verdict]), [['first', 'accepted'], ['bomb', 'memory_limit']]);
    assert.equal(events.filter((e) => e.type === 'test:started' && e.name === 'first').length, 1);
    assert.deepEqual([finished.points, finished.maxPoints, finished.total], [1, 3, 3]);
    // The replacement judges normally.
    const after = await collectEvents(pool.judge(challenge, { code: good, language: 'typescript' }));
    assert.equal(after.finished.verdict, 'accepted');
  });

  it('replaces a process that dies for another reason and retries the job', async () => {
    pool = new Pool({ processes: 1 });
    // Wait until the child is up, then kill it while it judges.
    await collectEvents(pool.judge(challenge, { code: good, language: 'typescript' }));
    const events = pool.judge(challenge, { code: good, language: 'typescript' });
    const pid = pool.pids()[0];
    setTimeout(() => process.kill(pid, 'SIGKILL'), 5);
    const { finished } = await collectEvents(events);
    assert.equal(finished.verdict, 'accepted');
    assert.ok(pool.replaced >= 1);
  });

  it('close() ends pending jobs with a submission:finished', async () => {
    pool = new Pool({ processes: 1 });
    const pending = collectEvents(pool.judge(challenge, { code: good, language: 'typescript' }));
    await pool.close();
    const { finished } = await pending;
    assert.equal(finished.verdict, 'internal_error');
  });
});
