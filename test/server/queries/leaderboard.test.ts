import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { seedAssessment, type SeededAssessment } from '../../../bench/scaleSeed';
import { assessmentResults } from '../../../server/queries/reviewResults';
import type { Platform } from '../../../server/platform';
import { leaderboardPage, rankedBoard, type LeaderboardQuery } from '../../../server/queries/leaderboard';
import { buildChallenge } from '../../helpers/challenges';
import { testDatabase } from '../../helpers/database';

// The database's leaderboard agrees with the JavaScript ranking (reviewResults.ts), and its keyset pages cover
// every candidate once, under every sort and filter.
describe('leaderboard pages from the database', function () {
  this.timeout(60_000);
  let knex: Knex;
  let seeded: SeededAssessment;
  const N = 73;

  before(async () => {
    const db = await testDatabase();
    knex = db.knex;
    const a = await buildChallenge({ db } as unknown as Platform, 'todo-crud');
    const b = await buildChallenge({ db } as unknown as Platform, 'bearer-auth');
    // Scores with ties (so ranks are shared) and candidates without a submission for one challenge.
    seeded = await seedAssessment(knex, {
      candidates: N,
      challenges: [a, b].map((c) => ({ id: c.id, versionId: c.versionId })),
      submission: (i, c) => (c.id === b.id && i % 5 === 0 ? null : { code: `// ${i}`, score: (i * 7) % 4 === 0 ? 100 : ((i * 13) % 10) * 10 }),
    });
    // Three candidates who never started, one revoked.
    await knex('invitations').whereIn('id', seeded.invitationIds.slice(0, 3)).update({ started_at: null, deadline_at: null, finished_at: null });
    await knex('invitations').where({ id: seeded.invitationIds[3] }).update({ revoked_at: new Date() });
    // More attempts for some: a later lower score, a null score, and higher scores that do not count (a run, an
    // unfinished submit). The best finished submit per challenge counts.
    const extra = (i: number, over: object) => ({ invitation_id: seeded.invitationIds[i], challenge_id: a.id, challenge_version_id: a.versionId, mode: 'submit', language: 'typescript', code: '// again', status: 'finished', ...over });
    await knex('submissions').insert([
      extra(5, { score: 0 }),
      extra(5, { score: null }),
      extra(6, { mode: 'run', score: 100 }),
      extra(6, { status: 'running', score: null }),
      extra(7, { status: 'queued', score: 100 }),
      extra(8, { score: 100 }),
    ]);
  });

  async function all(query: Omit<LeaderboardQuery, 'cursor' | 'limit'>, limit = 10) {
    const ids: number[] = [];
    const ranks: Array<number | null> = [];
    let cursor: string | undefined;
    let matching = 0;
    do {
      const page = await leaderboardPage(knex, seeded.assessmentId, { ...query, limit, cursor });
      ids.push(...page.rows.map((r) => r.id));
      ranks.push(...page.rows.map((r) => r.rank));
      matching = page.matching;
      assert.ok(page.rows.length <= limit);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return { ids, ranks, matching };
  }

  it('ranks as the JavaScript ranking does, in pages that cover everyone once', async () => {
    const expected = (await assessmentResults(knex, seeded.assessmentId)).candidates;
    const { ids, ranks, matching } = await all({ sort: 'rank', order: 'asc' });
    assert.equal(matching, N);
    assert.deepEqual(ids, expected.map((c) => c.invitation.id));
    assert.deepEqual(ranks, expected.map((c) => c.rank));
  });

  it('reads the whole rank order in one statement, and one candidate ranked among everyone', async () => {
    const expected = (await assessmentResults(knex, seeded.assessmentId)).candidates;
    const board = await rankedBoard(knex, seeded.assessmentId);
    assert.deepEqual(board.map((r) => [r.id, r.rank, r.total]), expected.map((c) => [c.invitation.id, c.rank, c.total]));
    for (const c of [expected[0], expected[40], expected[N - 1]]) {
      const one = await leaderboardPage(knex, seeded.assessmentId, { sort: 'rank', order: 'asc', limit: 1, invitationId: c.invitation.id });
      assert.deepEqual(one.rows.map((r) => [r.id, r.rank]), [[c.invitation.id, c.rank]]);
      assert.equal(one.ranked, expected.filter((x) => x.rank !== null).length);
    }
  });

  it('sorts by total (descending), email and time, and back', async () => {
    const results = (await assessmentResults(knex, seeded.assessmentId)).candidates;
    const total = new Map(results.map((c) => [c.invitation.id, c.total]));
    const byTotal = await all({ sort: 'total', order: 'desc' }, 7);
    assert.equal(new Set(byTotal.ids).size, N);
    for (let i = 1; i < N; i++) assert.ok(total.get(byTotal.ids[i - 1])! >= total.get(byTotal.ids[i])!);
    const byEmail = await all({ sort: 'email', order: 'asc' }, 20);
    const emails = new Map(results.map((c) => [c.invitation.id, c.invitation.email]));
    assert.deepEqual(byEmail.ids.map((id) => emails.get(id)), [...emails.values()].sort());
    const back = await all({ sort: 'email', order: 'desc' }, 20);
    assert.deepEqual(back.ids, [...byEmail.ids].reverse());
    const byTime = await all({ sort: 'time', order: 'asc' }, 30);
    assert.equal(new Set(byTime.ids).size, N);
  });

  it('filters by state, score range and email', async () => {
    const results = (await assessmentResults(knex, seeded.assessmentId)).candidates;
    const invited = await all({ sort: 'rank', order: 'asc', state: 'invited' });
    assert.deepEqual(invited.ids.sort(), results.filter((c) => c.state === 'invited').map((c) => c.invitation.id).sort());
    assert.equal((await all({ sort: 'rank', order: 'asc', state: 'revoked' })).ids.length, 1);
    const range = await all({ sort: 'rank', order: 'asc', minScore: 100, maxScore: 150 });
    assert.deepEqual(range.ids.sort(), results.filter((c) => c.total >= 100 && c.total <= 150).map((c) => c.invitation.id).sort());
    const one = results[10].invitation.email;
    const search = await all({ sort: 'rank', order: 'asc', q: one.slice(0, one.indexOf('@')).toUpperCase() });
    assert.deepEqual(search.ids, [results[10].invitation.id]);
    // LIKE wildcards are searched for literally.
    assert.equal((await all({ sort: 'rank', order: 'asc', q: '%' })).ids.length, 0);
  });
});
