// The pg-boss queue's cluster parts on a real PostgreSQL server (runs only with TEST_DATABASE_URL): processes
// starting together on a new database, the lock that makes the library sync once per cluster, and background
// jobs sent in a transaction exist exactly when it commits.
import assert from 'node:assert/strict';
import { createLogger } from '../../../server/logger';
import { migrateLatest } from '../../../server/migrate';
import { createPgBossQueue, JUDGE_QUEUE, REJUDGE_QUEUE, VALIDATE_QUEUE } from '../../../server/judging/pgBossQueue';
import type { JudgeQueue } from '../../../server/judging/queue';
import type { Runner } from '../../../runner/types';
import { openServerDatabase, type OpenServerDatabase } from '../../helpers/serverDatabase';

describe('the pg-boss queue (PostgreSQL server)', function () {
  this.timeout(60_000);
  let database: OpenServerDatabase | undefined;
  const queues: JudgeQueue[] = [];

  before(async function () {
    if (!process.env.TEST_DATABASE_URL) return this.skip();
    database = await openServerDatabase(process.env.TEST_DATABASE_URL, 'assay_pgboss');
    await migrateLatest(database.db.knex);
  });
  after(async () => {
    await Promise.all(queues.map((q) => q.close(0)));
    await database?.close();
  });

  // A process's queue as a pure sender (WORKERS=0), so nothing takes the jobs this test sends.
  const sender = (on: OpenServerDatabase) =>
    createPgBossQueue({ knex: on.db.knex, runner: {} as Runner, logger: createLogger('silent') }, { url: on.url, concurrency: 0, expireSeconds: 60, retryLimit: 1 });
  // Two processes' queues.
  const senders = async () => {
    const made = [await sender(database!), await sender(database!)];
    queues.push(...made);
    return made;
  };

  it('starts on a new database in several processes at once', async () => {
    // Processes of a cluster start together (DEPLOY.md); the first to arrive installs pg-boss and creates the queues.
    const fresh = await openServerDatabase(process.env.TEST_DATABASE_URL!, 'assay_pgboss_start');
    try {
      const started = await Promise.all(Array.from({ length: 4 }, () => sender(fresh)));
      await Promise.all(started.map((q) => q.close(0)));
      const names = (await fresh.db.knex.raw('select name from pgboss.queue order by name')).rows.map((r: { name: string }) => r.name);
      assert.deepEqual(names, [JUDGE_QUEUE, REJUDGE_QUEUE, VALIDATE_QUEUE].sort());
    } finally {
      await fresh.close();
    }
  });

  it('exclusive() runs one holder at a time across processes', async () => {
    const [a, b] = await senders();
    const trace: string[] = [];
    const hold = (q: JudgeQueue, name: string) =>
      q.exclusive('test-lock', async () => {
        trace.push(`${name} in`);
        await new Promise((r) => setTimeout(r, 300));
        trace.push(`${name} out`);
      });
    await Promise.all([hold(a, 'a'), hold(b, 'b')]);
    assert.ok(
      JSON.stringify(trace) === JSON.stringify(['a in', 'a out', 'b in', 'b out']) || JSON.stringify(trace) === JSON.stringify(['b in', 'b out', 'a in', 'a out']),
      trace.join(', '),
    );
  });

  it('background jobs sent in a transaction exist only if it commits', async () => {
    const [a] = await senders();
    const { knex } = database!.db;
    const boss = { size: async (name: string) => Number((await knex.raw(`select count(*) as n from pgboss.job where name = ? and state = 'created'`, [name])).rows[0].n) };
    const before = [await boss.size(REJUDGE_QUEUE), await boss.size(VALIDATE_QUEUE)];
    await knex
      .transaction(async (trx) => {
        await a.send(trx, [{ kind: 'validate', jobId: '00000000-0000-4000-8000-000000000001', priority: 3 }]);
        throw new Error('rolled back');
      })
      .catch(() => {});
    await knex.transaction((trx) =>
      a.send(trx, [
        { kind: 'validate', jobId: '00000000-0000-4000-8000-000000000002' },
        { kind: 'rejudge', jobId: '00000000-0000-4000-8000-000000000003', submissionId: 1, versionId: 1, reason: 'rejudge against v1' },
      ]),
    );
    assert.deepEqual([await boss.size(REJUDGE_QUEUE), await boss.size(VALIDATE_QUEUE)], [before[0] + 1, before[1] + 1]);
  });
});
