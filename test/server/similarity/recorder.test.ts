import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { seedAssessment, type SeededChallenge } from '../../../bench/scaleSeed';
import type { Platform } from '../../../server/platform';
import { similarityReport } from '../../../server/similarity/groups';
import { ensureIndexed, recordCounted } from '../../../server/similarity/recorder';
import { buildChallenge, type BuiltChallenge } from '../../helpers/challenges';
import { testDatabase } from '../../helpers/database';

// The similarity index on the run's database (PGlite, or PostgreSQL with TEST_DATABASE_URL): recorded as
// submissions are scored, backfilled for older assessments, read as groups.
describe('similarity recorder and groups', function () {
  this.timeout(60_000);
  let knex: Knex;
  let todo: BuiltChallenge;
  let challenge: SeededChallenge;
  let solution: string;
  let extended: string;
  let different: string;

  before(async () => {
    const db = await testDatabase();
    knex = db.knex;
    todo = await buildChallenge({ db } as unknown as Platform, 'todo-crud');
    challenge = { id: todo.id, versionId: todo.versionId };
    solution = todo.challenge.solution.code;
    // The solution with a helper added: similar (about 0.9), not identical.
    extended = `${solution}\nexport function extra(a: number, b: number) {\n  const list = [a, b];\n  return list.map((x) => x * 2).filter((x) => x > 3).reduce((p, q) => p + q, 0);\n}\n`;
    different = todo.challenge.wrong.find((w) => w.file.includes('no-validation'))!.code;
  });

  const codes = () => [solution, solution, solution, extended, different];

  async function submit(invitationId: number, code: string, score: number): Promise<number> {
    const [row] = await knex('submissions')
      .insert({ invitation_id: invitationId, challenge_id: todo.id, challenge_version_id: todo.versionId, mode: 'submit', language: 'typescript', code, status: 'finished', score })
      .returning(['id']);
    await recordCounted(knex, invitationId, todo.id);
    return row.id;
  }

  const shape = (report: Awaited<ReturnType<typeof similarityReport>>) =>
    report.groups.map((g) => ({ id: g.id, size: g.size, members: g.members.map((m) => m.invitationId), max: g.maxSimilarity }));

  it('backfills an assessment scored before the index existed: copies and near-copies are one group, the rest none', async () => {
    const seeded = await seedAssessment(knex, { candidates: 5, challenges: [challenge], submission: (i) => ({ code: codes()[i], score: 100 }) });
    const report = await similarityReport(knex, seeded.assessmentId, { threshold: 0.8 });
    assert.equal(report.groups.length, 1);
    const [group] = report.groups;
    assert.deepEqual(group.members.map((m) => m.invitationId), seeded.invitationIds.slice(0, 4));
    assert.equal(group.id, `${todo.id}-${seeded.submissionIds[0]}`);
    assert.equal(group.pairs[0].identical, true);
    assert.equal(group.pairs[0].similarity, 1);
    assert.ok(group.pairs.some((p) => !p.identical && p.similarity >= 0.8 && p.similarity < 1));
    assert.equal(report.flags.get(seeded.invitationIds[4]), undefined);
    assert.equal(report.flags.get(seeded.invitationIds[3])![0].groupSize, 4);

    // Identical sets are stored once: three copies of the solution, one fingerprint set.
    const sets = await knex('similarity_fingerprints').where({ assessment_id: seeded.assessmentId }).countDistinct({ n: 'digest' }).first();
    assert.equal(Number(sets!.n), 3);
    // A lower threshold brings in the independent answer through its weak pairs.
    const low = await similarityReport(knex, seeded.assessmentId, { threshold: 0.05 });
    assert.equal(low.groups[0].size, 5);
  });

  it('recording one submission at a time gives the same groups as a backfill', async () => {
    const seeded = await seedAssessment(knex, { candidates: 5, challenges: [challenge], submission: () => null, withoutSubmissions: true });
    await ensureIndexed(knex, seeded.assessmentId);
    const list = codes();
    for (let i = 0; i < list.length; i++) await submit(seeded.invitationIds[i], list[i], 100);
    const incremental = shape(await similarityReport(knex, seeded.assessmentId, { threshold: 0.05 }));
    const strict = shape(await similarityReport(knex, seeded.assessmentId, { threshold: 0.8 }));

    await knex('similarity_backfills').where({ assessment_id: seeded.assessmentId }).delete();
    assert.deepEqual(shape(await similarityReport(knex, seeded.assessmentId, { threshold: 0.05 })), incremental);
    assert.deepEqual(shape(await similarityReport(knex, seeded.assessmentId, { threshold: 0.8 })), strict);
    assert.equal(strict[0].size, 4);
  });

  it('follows the counted submission: a better answer replaces the old one, an equal later one does not', async () => {
    const seeded = await seedAssessment(knex, { candidates: 2, challenges: [challenge], submission: () => null, withoutSubmissions: true });
    const [a, b] = seeded.invitationIds;
    await submit(a, solution, 100);
    const first = await submit(b, different, 30);
    assert.equal((await similarityReport(knex, seeded.assessmentId, { threshold: 0.8 })).groups.length, 0);

    const better = await submit(b, solution, 100);
    let report = await similarityReport(knex, seeded.assessmentId, { threshold: 0.8 });
    assert.equal(report.groups.length, 1);
    assert.deepEqual(report.groups[0].members.map((m) => m.invitationId), [a, b]);
    assert.equal(report.groups[0].members[1].submissionId, better);
    // The replaced answer's set has no member left: its fingerprints and pairs are gone.
    const docs = await knex('similarity_documents').where({ assessment_id: seeded.assessmentId }).pluck('submission_id');
    assert.ok(!docs.includes(first));
    const sets = await knex('similarity_fingerprints').where({ assessment_id: seeded.assessmentId }).countDistinct({ n: 'digest' }).first();
    assert.equal(Number(sets!.n), 1);

    // Same score later: the earliest stays counted.
    await submit(b, extended, 100);
    report = await similarityReport(knex, seeded.assessmentId, { threshold: 0.8 });
    assert.ok(report.groups[0].members.some((m) => m.submissionId === better));
  });

  it('run submissions and unfinished ones are not indexed', async () => {
    const seeded = await seedAssessment(knex, { candidates: 2, challenges: [challenge], submission: () => null, withoutSubmissions: true });
    await ensureIndexed(knex, seeded.assessmentId);
    for (const invitationId of seeded.invitationIds) {
      await knex('submissions').insert({ invitation_id: invitationId, challenge_id: todo.id, challenge_version_id: todo.versionId, mode: 'run', language: 'typescript', code: solution, status: 'finished', score: 100 });
      await knex('submissions').insert({ invitation_id: invitationId, challenge_id: todo.id, challenge_version_id: todo.versionId, mode: 'submit', language: 'typescript', code: solution, status: 'running' });
      await recordCounted(knex, invitationId, todo.id);
    }
    assert.equal((await similarityReport(knex, seeded.assessmentId, { threshold: 0.05 })).groups.length, 0);
  });
});
