import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { seedAssessment, type SeededChallenge } from '../../../bench/scaleSeed';
import type { Platform } from '../../../server/platform';
import { similarityReport, type GroupFlag } from '../../../server/similarity/groups';
import { rowFlags } from '../../../server/similarity/rowFlags';
import { recordCounted } from '../../../server/similarity/recorder';
import { buildChallenge } from '../../helpers/challenges';
import { testDatabase } from '../../helpers/database';

// The leaderboard's per-page flags must be the report's groups seen from the page's candidates: same group ids,
// sizes and strongest similarity, whatever the threshold, with copies, near-copies, an unrelated answer and a
// replaced (no longer counted) answer in the assessment.
describe('leaderboard row flags', function () {
  this.timeout(60_000);
  let knex: Knex;
  let challenge: SeededChallenge;
  let codes: string[];

  before(async () => {
    const db = await testDatabase();
    knex = db.knex;
    const todo = await buildChallenge({ db } as unknown as Platform, 'todo-crud');
    challenge = { id: todo.id, versionId: todo.versionId };
    const solution = todo.challenge.solution.code;
    const extended = `${solution}\nexport function extra(a: number, b: number) {\n  const list = [a, b];\n  return list.map((x) => x * 2).filter((x) => x > 3).reduce((p, q) => p + q, 0);\n}\n`;
    const different = todo.challenge.wrong.find((w) => w.file.includes('no-validation'))!.code;
    // Only one candidate submits this one: its flag's similarity comes from a stored pair, not from a copy.
    const single = `${solution}\nexport const doubled = [1, 2, 3].map((x) => x * 2).filter((x) => x > 2);\n`;
    codes = [solution, solution, different, extended, solution, different, single];
  });

  const fromReport = (flags: GroupFlag[] | undefined) =>
    (flags ?? []).map((f) => ({ challengeId: f.challengeId, groupId: f.groupId, groupSize: f.groupSize, similarity: f.matches[0]?.similarity ?? null }));

  it('agree with the similarity report for every candidate, page by page, at any threshold', async () => {
    const seeded = await seedAssessment(knex, { candidates: codes.length + 1, challenges: [challenge], submission: (i) => (i < codes.length ? { code: codes[i], score: 50 } : null) });
    // The last candidate's answer is replaced by a better one: the old set must link nothing.
    const last = seeded.invitationIds[codes.length];
    for (const [code, score] of [[codes[2], 40], [codes[3], 90]] as const) {
      await knex('submissions').insert({ invitation_id: last, challenge_id: challenge.id, challenge_version_id: challenge.versionId, mode: 'submit', language: 'typescript', code, status: 'finished', score });
      await recordCounted(knex, last, challenge.id);
    }
    for (const threshold of [0.05, 0.5, 0.8, 1]) {
      const report = await similarityReport(knex, seeded.assessmentId, { threshold });
      for (const page of [seeded.invitationIds.slice(0, 3), seeded.invitationIds.slice(3)]) {
        const flags = await rowFlags(knex, seeded.assessmentId, page, threshold);
        for (const id of page) assert.deepEqual(flags.get(id) ?? [], fromReport(report.flags.get(id)), `invitation ${id} at ${threshold}`);
      }
      if (threshold === 0.5) assert.ok(fromReport(report.flags.get(seeded.invitationIds[6])).some((f) => f.similarity !== null && f.similarity < 1));
    }
    assert.equal((await rowFlags(knex, seeded.assessmentId, [], 0.8)).size, 0);
  });
});
