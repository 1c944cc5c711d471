// The NOTIFY event bus: announcements fit PostgreSQL's 8000-byte payload, and a listening process gets every
// event of another process's write once and in order, whether announced whole or read back (runs on a
// PostgreSQL server only, with TEST_DATABASE_URL).
import assert from 'node:assert/strict';
import type { EventBus, StoredEvent } from '../../../server/judging/eventBus';
import { storedPayload } from '../../../server/judging/eventStore';
import { announcements, createPgEventBus } from '../../../server/judging/pgEventBus';
import { createLogger } from '../../../server/logger';
import { migrateLatest } from '../../../server/migrate';
import type { TestFinished } from '../../../runner/types';
import { seedAssessment } from '../../cluster/candidates';
import { openServerDatabase, type OpenServerDatabase } from '../../helpers/serverDatabase';

const finished = (submissionId: number, seq: number, detailChars: number, char = 'x'): StoredEvent => ({
  submissionId,
  seq,
  event: {
    type: 'test:finished',
    index: seq,
    name: `test ${seq}`,
    visibility: 'sample',
    verdict: 'wrong_answer',
    points: 0,
    maxPoints: 1,
    cpuMs: 1,
    wallMs: 1,
    detail: { message: char.repeat(detailChars) },
  } as unknown as TestFinished,
});

describe('the NOTIFY event bus', () => {
  it('splits a write into announcements of at most 8000 bytes that cover every event once, in order', () => {
    const events = [
      ...Array.from({ length: 30 }, (_, i) => finished(7, i + 1, 900)),
      finished(7, 31, 12_000),
      ...Array.from({ length: 10 }, (_, i) => finished(7, 32 + i, 1500, 'é')),
    ];
    const payloads = announcements('origin', events);
    const seqs: number[] = [];
    for (const p of payloads) {
      assert.ok(Buffer.byteLength(p) <= 8000, `${Buffer.byteLength(p)} bytes`);
      const a = JSON.parse(p) as { s: number; q: number; n: number; e?: unknown[] };
      assert.equal(a.s, 7);
      if (a.e) assert.equal(a.e.length, a.n);
      for (let i = 0; i < a.n; i++) seqs.push(a.q + i);
    }
    assert.deepEqual(seqs, events.map((e) => e.seq));
    assert.ok(payloads.length < 20, `${payloads.length} announcements for 41 events`);
    const big = payloads.map((p) => JSON.parse(p)).find((a) => a.q === 31);
    assert.equal(big.e, undefined, 'the 12 kB event is announced by its seq only');
  });

  describe('between two processes (PostgreSQL server)', function () {
    this.timeout(60_000);
    let database: OpenServerDatabase | undefined;
    const buses: EventBus[] = [];

    before(async function () {
      if (!process.env.TEST_DATABASE_URL) return this.skip();
      database = await openServerDatabase(process.env.TEST_DATABASE_URL, 'assay_events');
      await migrateLatest(database.db.knex);
    });
    after(async () => {
      await Promise.all(buses.map((b) => b.close()));
      await database?.close();
    });

    it('a listener gets every event of a write once and in order, the oversized one read back with its detail', async () => {
      const { knex } = database!.db;
      const seeded = await seedAssessment(knex, 0);
      const challenge = await knex('challenges').where({ id: seeded.challengeId }).first('current_version_id');
      const [submission] = await knex('submissions')
        .insert({ challenge_id: seeded.challengeId, challenge_version_id: challenge.current_version_id, mode: 'run', language: 'typescript', code: '' })
        .returning(['id']);
      const [judgement] = await knex('judgements').insert({ submission_id: submission.id, challenge_version_id: challenge.current_version_id, reason: 'test' }).returning(['id']);
      const logger = createLogger('silent');
      const writer = await createPgEventBus({ url: database!.url, knex, logger });
      const listener = await createPgEventBus({ url: database!.url, knex, logger });
      buses.push(writer, listener);
      const heard: StoredEvent[] = [];
      listener.subscribe((e) => heard.push(e));
      const writerOwn: StoredEvent[] = [];
      writer.subscribe((e) => writerOwn.push(e));

      const events = [finished(submission.id, 1, 3000), finished(submission.id, 2, 3000), finished(submission.id, 3, 20_000), finished(submission.id, 4, 10)];
      await writer.written(knex, async (trx) => {
        for (const e of events) {
          const ev = e.event as TestFinished;
          await trx('test_results').insert({
            judgement_id: judgement.id,
            test_index: ev.index,
            name: ev.name,
            visibility: 'sample',
            verdict: ev.verdict,
            points: 0,
            max_points: 1,
            cpu_ms: 1,
            wall_ms: 1,
            detail: JSON.stringify(ev.detail),
          });
          await trx('submission_events').insert({ submission_id: submission.id, seq: e.seq, type: ev.type, payload: storedPayload(ev, judgement.id) });
        }
        return events;
      });
      const until = Date.now() + 10_000;
      while (heard.length < events.length && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(heard.map((e) => e.seq), [1, 2, 3, 4]);
      assert.deepEqual(heard, events, 'every event whole, the one read back with its detail');
      assert.deepEqual(writerOwn.map((e) => e.seq), [1, 2, 3, 4], 'the writing process delivered its own events once');
    });
  });
});
