// The judge's writes, one statement each (a data-modifying CTE is atomic): start a judging, write a batch of
// results with its events, finish. Few statements per submission is what lets the embedded database keep up
// with a burst; atomic ones are what lets a judging be retried on another worker.
//
// A live judging owns its submission through `attempts`: a judging that was given up (its worker died or its
// job expired) and runs again elsewhere increments it, and every write of the older attempt then matches no
// row — its results and events are dropped and it can never finish the submission.
import type { Knex } from 'knex';
import type { JudgeEvent, SubmissionFinished, TestFinished } from '../../runner/types';
import type { StoredEvent } from './eventBus';
import { storedPayload } from './eventStore';

export interface Judging {
  submissionId: number;
  judgementId: number;
  versionId: number;
  mode: 'run' | 'submit';
  language: string;
  code: string;
  /** The attempt this judging is (live judgings), or null (rejudges, which do not own the submission). */
  attempt: number | null;
  /** Where the submission counts (server/similarity/recorder.ts): null for runs outside an assessment. */
  invitationId: number | null;
  challengeId: number;
}

type StartRow = { id: number; challenge_version_id: number; mode: 'run' | 'submit'; language: string; code: string; attempts: number; judgement_id: number; invitation_id: number | null; challenge_id: number };

const judgingOf = (submissionId: number, row: StartRow, attempt: number | null): Judging => ({
  submissionId,
  judgementId: row.judgement_id,
  versionId: row.challenge_version_id,
  mode: row.mode,
  language: row.language,
  code: row.code,
  attempt,
  invitationId: row.invitation_id,
  challengeId: row.challenge_id,
});

/** A first judging (or its retry): the submission turns running and a judgement row is made. Null if it is already finished. */
export async function startLiveJudging(knex: Knex, submissionId: number, reason: string): Promise<Judging | null> {
  const { rows } = (await knex.raw(
    `with s as (
       update submissions set status = 'running', started_at = now(), attempts = attempts + 1
       where id = ? and status <> 'finished'
       returning id, challenge_version_id, mode, language, code, attempts, invitation_id, challenge_id
     ), j as (
       insert into judgements (submission_id, challenge_version_id, reason) select id, challenge_version_id, ? from s returning id
     )
     select s.*, j.id as judgement_id from s, j`,
    [submissionId, reason],
  )) as { rows: StartRow[] };
  const row = rows[0];
  if (!row) return null;
  return judgingOf(submissionId, row, row.attempts);
}

/** A rejudge: a new judgement against `versionId` (or the submission's own version); history is kept. */
export async function startRejudging(knex: Knex, submissionId: number, versionId: number | undefined, reason: string): Promise<Judging> {
  const { rows } = (await knex.raw(
    `with s as (select id, challenge_version_id, mode, language, code, attempts, invitation_id, challenge_id from submissions where id = ?),
     j as (insert into judgements (submission_id, challenge_version_id, reason) select id, coalesce(?::int, challenge_version_id), ? from s returning id, challenge_version_id)
     select s.id, s.mode, s.language, s.code, s.attempts, s.invitation_id, s.challenge_id, j.id as judgement_id, j.challenge_version_id from s, j`,
    [submissionId, versionId ?? null, reason],
  )) as { rows: StartRow[] };
  const row = rows[0];
  if (!row) throw new Error(`submission ${submissionId} not found`);
  return judgingOf(submissionId, row, null);
}

/** A retry replaces the partial judgement of the attempt it follows: only finished judgements are history. */
export async function dropUnfinishedJudgements(knex: Knex, judging: Judging): Promise<void> {
  await knex('judgements').where({ submission_id: judging.submissionId }).whereNull('finished_at').whereNot({ id: judging.judgementId }).delete();
}

const owner = (j: Judging) =>
  j.attempt === null
    ? { sql: 'owner as (select id from submissions where id = ?)', bindings: [j.submissionId] }
    : { sql: 'owner as (select id from submissions where id = ? and attempts = ?)', bindings: [j.submissionId, j.attempt] };

/** Results and events of one batch in one statement; returns the events with their sequence numbers. */
export async function writeBatch(q: Knex, judging: Judging, results: TestFinished[], events: JudgeEvent[]): Promise<StoredEvent[]> {
  if (results.length === 0 && events.length === 0) return [];
  const o = owner(judging);
  const parts = [o.sql];
  const bindings: Knex.RawBinding[] = [...o.bindings];
  if (results.length > 0) {
    parts.push(
      `r as (insert into test_results (judgement_id, test_index, name, visibility, verdict, points, max_points, cpu_ms, wall_ms, detail)
         select v.* from (values ${results.map(() => '(?::int, ?::int, ?, ?, ?, ?::float8, ?::float8, ?::float8, ?::float8, ?::jsonb)').join(', ')})
           as v(judgement_id, test_index, name, visibility, verdict, points, max_points, cpu_ms, wall_ms, detail)
         where exists (select 1 from owner)
         on conflict (judgement_id, test_index) do update set name = excluded.name, visibility = excluded.visibility, verdict = excluded.verdict,
           points = excluded.points, max_points = excluded.max_points, cpu_ms = excluded.cpu_ms, wall_ms = excluded.wall_ms, detail = excluded.detail
         returning 1)`,
    );
    for (const e of results) {
      bindings.push(judging.judgementId, e.index, e.name, e.visibility, e.verdict, e.points, e.maxPoints, e.cpuMs, e.wallMs, e.detail ? JSON.stringify(e.detail) : null);
    }
  }
  if (events.length > 0) {
    parts.push(
      `e as (insert into submission_events (submission_id, seq, type, payload)
         select owner.id, base.m + v.i, v.t, v.p::jsonb
         from (values ${events.map(() => '(?::int, ?, ?)').join(', ')}) as v(i, t, p), owner,
           (select coalesce(max(seq), 0) as m from submission_events where submission_id = ?) as base
         returning seq)`,
    );
    // A test's detail is stored once, in its result row; the event refers to it (eventStore.ts).
    events.forEach((e, i) => bindings.push(i + 1, e.type, storedPayload(e, judging.judgementId)));
    bindings.push(judging.submissionId);
  }
  const select = events.length > 0 ? 'select seq from e order by seq' : `select count(*) as n from r`;
  const { rows } = (await q.raw(`with ${parts.join(',\n')}\n${select}`, bindings)) as { rows: Array<{ seq: number | string }> };
  if (events.length === 0) return [];
  return rows.map((r, i): StoredEvent => ({ submissionId: judging.submissionId, seq: Number(r.seq), event: events[i] }));
}

/**
 * The judgement's totals, the submission's score and (live) the submission:finished event in one statement.
 * A live judging finishes its submission only while it owns it and the submission is not finished yet, so a
 * score counts once; returns the stored event, or null when nothing was finished by this judging.
 */
export async function finishJudging(q: Knex, judging: Judging, finished: SubmissionFinished, options: { live: boolean; rejudgeVersion?: number }): Promise<StoredEvent[]> {
  const o = owner(judging);
  const totals = [finished.verdict, finished.score, finished.points, finished.maxPoints];
  const guard = judging.attempt === null ? '' : ` and status <> 'finished'`;
  const { rows } = (await q.raw(
    `with ${o.sql},
     j as (update judgements set verdict = ?, score = ?, points = ?, max_points = ?, finished_at = now()
           where id = ? and exists (select 1 from owner) returning id),
     s as (update submissions set status = 'finished', verdict = ?, score = ?, points = ?, max_points = ?, judgement_id = ?
             ${options.rejudgeVersion ? ', challenge_version_id = ?' : ''} ${options.live ? ', finished_at = now()' : ''}
           where id in (select id from owner)${guard} returning id)
     ${
       options.live
         ? `, e as (insert into submission_events (submission_id, seq, type, payload)
              select s.id, (select coalesce(max(seq), 0) + 1 from submission_events where submission_id = s.id), 'submission:finished', ?::jsonb from s
              returning seq)
            select seq from e`
         : 'select id from s'
     }`,
    [...o.bindings, ...totals, judging.judgementId, ...totals, judging.judgementId, ...(options.rejudgeVersion ? [options.rejudgeVersion] : []), ...(options.live ? [JSON.stringify(finished)] : [])],
  )) as { rows: Array<{ seq?: number | string }> };
  if (!options.live || rows.length === 0) return [];
  return [{ submissionId: judging.submissionId, seq: Number(rows[0].seq), event: finished }];
}
