// The api kind with a per-run database (ctx.db), end to end through the judge.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadChallenge, type Challenge } from '../../../runner/challenge';
import { judgeToResult } from '../../../runner/judge';
import type { TestFinished } from '../../../runner/types';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('api kind with a database: orders-report-api', function () {
  this.timeout(180_000);
  let challenge: Challenge;
  before(async () => {
    challenge = await loadChallenge(path.join(ROOT, 'challenges/orders-report-api'));
  });

  it('declares a database and enough tests', () => {
    assert.ok(challenge.api?.database?.schema.includes('CREATE TABLE orders'));
    const tests = challenge.api!.tests;
    assert.ok(tests.filter((t) => t.visibility === 'sample').length >= 2);
    assert.ok(tests.filter((t) => t.visibility === 'hidden').length >= 8);
  });

  it('accepts the reference solution', async () => {
    const { finished } = await judgeToResult(challenge, { code: challenge.solution.code, language: 'typescript' });
    assert.equal(finished.verdict, 'accepted', JSON.stringify(finished));
  });

  it('fails each known-wrong solution on a hidden test', async () => {
    const failed: Record<string, string[]> = {};
    for (const wrong of challenge.wrong) {
      const { events } = await judgeToResult(challenge, { code: wrong.code, language: 'typescript' });
      failed[wrong.file] = events
        .filter((e): e is TestFinished => e.type === 'test:finished' && e.visibility === 'hidden' && e.verdict !== 'accepted')
        .map((e) => e.name);
    }
    assert.ok(failed['wrong/string-built-sql.ts'].includes('customer filter with a quote'));
    assert.ok(failed['wrong/off-by-one-page.ts'].includes('second page, equal totals ordered by customer id'));
    assert.ok(failed['wrong/exclusive-to-date.ts'].includes('upper bound only, orders on the last day count'));
  });

  it('does not let one test see another test\'s writes', async () => {
    // Each test deletes every order and reports how many it saw first: always the seeded 20.
    const code = `export default function (app, ctx) {
      app.get('/reports/orders', async (req, res) => {
        const before = await ctx.db.query('SELECT count(*)::int AS n FROM orders', []);
        await ctx.db.query('DELETE FROM orders WHERE id > $1', [0]);
        const bad = await ctx.db.query("SELECT * FROM nope", []).then(() => 'no error', (e) => e.message);
        const after = await ctx.db.query('SELECT count(*)::int AS n FROM orders', []);
        res.json({ before: before.rows[0].n, after: after.rows[0].n, bad });
      });
    }`;
    const { events } = await judgeToResult(challenge, { code, language: 'javascript' });
    const steps = events
      .filter((e): e is TestFinished => e.type === 'test:finished')
      .flatMap((e) => e.detail?.steps ?? [])
      .map((s) => s.actual as { body?: { before?: number; after?: number; bad?: string } } | undefined)
      .filter((a) => a?.body?.before !== undefined);
    assert.ok(steps.length >= 10, `saw ${steps.length} steps`);
    for (const s of steps) assert.deepEqual(s!.body, { before: 20, after: 0, bad: 'relation "nope" does not exist' });
  });
});
