// Onboarding cost (issue 19): accepting an invite, starting and connecting Socket.IO each cost a small, bounded
// number of database statements, counted on both paths to the database: knex's query event and the session
// store's pg-style pool (connect-pg-simple does not go through knex's query builder).
import assert from 'node:assert/strict';
import type { Platform } from '../../server/platform';
import { Client } from '../helpers/client';
import { buildChallenge, type BuiltChallenge } from '../helpers/challenges';
import { loggedIn } from '../helpers/platform';
import { connectSocket, createAssessment, invite, startAssessmentPlatform } from '../helpers/assessments';

/** The bounds, per step, for one candidate (the statements are listed in docs/ARCHITECTURE.md, "Onboarding bursts"). */
const BOUNDS = { accept: 5, start: 6, connect: 2, again: 6 };

describe('onboarding statements', function () {
  this.timeout(60_000);
  let platform: Platform;
  let todo: BuiltChallenge;
  let recruiter: Client;
  let assessmentId: number;
  let log: string[] | null = null;
  // The webhook dispatcher's poller (embedded mode) queries on a timer, whichever request is running: not a step's.
  const BACKGROUND = /^\s*update webhook_deliveries set locked_until/i;
  const onQuery = (q: { sql: string }) => {
    if (!BACKGROUND.test(q.sql)) log?.push(q.sql);
  };
  let originalQuery: Platform['db']['pgPool']['query'];

  before(async function () {
    this.timeout(180_000);
    platform = await startAssessmentPlatform();
    todo = await buildChallenge(platform, 'todo-crud');
    recruiter = (await loggedIn(platform, 'recruiter')).client;
    assessmentId = (await createAssessment(recruiter, [todo.id], 30)).id;
    platform.db.knex.on('query', onQuery);
    const pool = platform.db.pgPool;
    originalQuery = pool.query;
    pool.query = (text: string, params?: unknown[]) => {
      log?.push(`[session store] ${text}`);
      return originalQuery.call(pool, text, params);
    };
  });
  after(async () => {
    platform.db.knex.off('query', onQuery);
    platform.db.pgPool.query = originalQuery;
    await platform.close();
  });

  async function counted<T>(fn: () => Promise<T>): Promise<{ value: T; statements: string[] }> {
    log = [];
    try {
      const value = await fn();
      // The session store writes after the response is sent: let it finish.
      await new Promise((r) => setTimeout(r, 50));
      return { value, statements: log };
    } finally {
      log = null;
    }
  }

  it('accept, start and connect each cost a bounded number of statements, none writing the session after sign-in', async () => {
    const { token } = await invite(recruiter, assessmentId);
    const client = new Client(platform.url);
    const accept = await counted(() => client.post('/api/invitations/accept', { token }));
    assert.equal(accept.value.status, 200, accept.value.text);
    const start = await counted(() => client.post('/api/candidate/start'));
    assert.equal(start.value.status, 200, start.value.text);
    assert.equal(start.value.body.assessment.state, 'started');
    const connect = await counted(() => connectSocket(platform, client));
    connect.value.close();
    const again = await counted(() => client.get('/api/candidate/assessment'));
    assert.equal(again.value.status, 200);

    const steps = { accept: accept.statements, start: start.statements, connect: connect.statements, again: again.statements };
    const report = Object.entries(steps).map(([step, sqls]) => `${step}: ${sqls.length}\n  ${sqls.join('\n  ')}`).join('\n');
    for (const [step, sqls] of Object.entries(steps)) assert.ok(sqls.length <= BOUNDS[step as keyof typeof BOUNDS], `${step} took ${sqls.length} statements:\n${report}`);
    // Nothing touches the session row on an ordinary request (it was saved once, on sign-in).
    for (const step of ['start', 'connect', 'again'] as const)
      assert.ok(!steps[step].some((s) => /^\[session store\] (update|insert)/i.test(s)), `${step} wrote the session:\n${report}`);
    if (process.env.ONBOARDING_VERBOSE) console.log(report);
  });

  it('many sign-ins at once from one address are not taken for guessing; 30 invalid links are', async () => {
    const tokens = await Promise.all(Array.from({ length: 40 }, async () => (await invite(recruiter, assessmentId)).token));
    const accepted = await Promise.all(tokens.map((token) => new Client(platform.url).post('/api/invitations/accept', { token })));
    assert.deepEqual(accepted.map((r) => r.status), tokens.map(() => 200));
    const guesser = new Client(platform.url);
    const bad = (i: number) => guesser.post('/api/invitations/accept', { token: `${'x'.repeat(40)}${String(i).padStart(4, '0')}` });
    for (let i = 0; i < 30; i++) assert.equal((await bad(i)).status, 401);
    const limited = await bad(30);
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.code, 'rate_limited');
    // The limit is on guessing: a valid link from the same address now is refused too, until the window ends.
    assert.equal((await new Client(platform.url).post('/api/invitations/accept', { token: tokens[0] })).status, 429);
  });
});
