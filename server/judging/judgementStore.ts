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
  /** A rejudge item's judging: owned through the item's attempts instead (rejudge_items). */
  item?: { jobId: string; attempt: number };
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

/**
 * A rejudge item's judging, claimed in one statement: the item's attempt is taken (an older attempt still alive
 * then writes nothing), judgements an earlier attempt left unfinished go, and a new judgement against the
 * rejudge's version is made. Null when the item is done already; `judgementId` 0 when the submission is being
 * judged right now (not finished: nothing to rejudge yet).
 */
export async function startRejudgeItem(knex: Knex, jobId: string, submissionId: number, versionId: number, reason: string): Promise<Judging | null> {
  const { rows } = (await knex.raw(
    `with i as (
       update rejudge_items set attempts = attempts + 1
       where job_id = ? and submission_id = ? and status = 'pending'
         and exists (select 1 from rejudge_jobs r where r.id = rejudge_items.job_id and r.status = 'running')
       returning attempts
     ), s as (
       select s.id, s.status, s.mode, s.language, s.code, s.invitation_id, s.challenge_id from submissions s, i where s.id = ?
     ), d as (
       delete from judgements where submission_id in (select id from s where status = 'finished') and finished_at is null
     ), j as (
       insert into judgements (submission_id, challenge_version_id, reason) select id, ?, ? from s where status = 'finished' returning id, challenge_version_id
     )
     select s.id, s.mode, s.language, s.code, s.invitation_id, s.challenge_id, i.attempts,
            coalesce(j.id, 0) as judgement_id, coalesce(j.challenge_version_id, ?) as challenge_version_id
     from i cross join s left join j on true`,
    [jobId, submissionId, submissionId, versionId, reason, versionId],
  )) as { rows: StartRow[] };
  const row = rows[0];
  if (!row) return null;
  return { ...judgingOf(submissionId, row, null), item: { jobId, attempt: row.attempts } };
}

/** An item the rejudge could not judge (being judged right now, or a failure): done, counted, the score kept. */
export async function skipRejudgeItem(knex: Knex, judging: Judging, error: string): Promise<boolean> {
  const { rows } = (await knex.raw(`with ${itemDone('null', '?', 'false')} select id from r`, [error, ...itemBindings(judging)])) as { rows: unknown[] };
  return rows.length > 0;
}

// The item's end and the job's count in one statement part: the item turns done only in its owning attempt,
// and the job's `done` grows only with it, so a replayed item is never counted twice.
const itemDone = (after: string, error: string, changed: string) => `i as (
       update rejudge_items set status = 'done', after = ${after}, error = ${error}, changed = ${changed}, done_at = now()
       where job_id = ? and submission_id = ? and attempts = ? and status = 'pending' returning job_id
     ), r as (
       update rejudge_jobs set done = done + 1, updated_at = now(),
         status = case when status = 'running' and done + 1 >= total then 'finished' else status end,
         finished_at = case when status = 'running' and done + 1 >= total then now() else finished_at end
       where id in (select job_id from i) returning id
     )`;
const itemBindings = (j: Judging) => [j.item!.jobId, j.submissionId, j.item!.attempt];

/** An item whose judging failed to run at all, in whichever attempt: done with the error, the score kept. */
export async function failRejudgeItem(knex: Knex, jobId: string, submissionId: number, error: string): Promise<void> {
  const { rows } = (await knex.raw(
    `select attempts from rejudge_items where job_id = ? and submission_id = ? and status = 'pending'`,
    [jobId, submissionId],
  )) as { rows: Array<{ attempts: number }> };
  if (!rows[0]) return;
  await knex.raw(`with ${itemDone('null', '?', 'false')} select id from r`, [error, jobId, submissionId, rows[0].attempts]);
}

/** A retry replaces the partial judgement of the attempt it follows: only finished judgements are history. */
export async function dropUnfinishedJudgements(knex: Knex, judging: Judging): Promise<void> {
  await knex('judgements').where({ submission_id: judging.submissionId }).whereNull('finished_at').whereNot({ id: judging.judgementId }).delete();
}

const owner = (j: Judging) =>
  j.item
    ? {
        sql: `owner as (select s.id from submissions s join rejudge_items i on i.submission_id = s.id
                        where s.id = ? and i.job_id = ? and i.attempts = ? and i.status = 'pending')`,
        bindings: [j.submissionId, j.item.jobId, j.item.attempt],
      }
    : j.attempt === null
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
  if (judging.item) {
    await finishRejudgeItem(q, judging, finished);
    return [];
  }
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

export interface RejudgedScore {
  verdict: string | null;
  score: number | null;
  versionId: number;
}

/**
 * A rejudge item's end, one statement: the judgement's totals; unless the platform failed (internal error), the
 * submission's score, verdict, version and current judgement replaced; the item done with its outcome; the job's
 * count. A reader sees the old score or the new one, never both or neither, and an internal error never touches
 * the score (the failed judgement stays as history). Returns false when this attempt no longer owns the item.
 */
export async function finishRejudgeItem(q: Knex, judging: Judging, finished: SubmissionFinished): Promise<boolean> {
  const o = owner(judging);
  const failed = finished.verdict === 'internal_error';
  const totals = [finished.verdict, finished.score, finished.points, finished.maxPoints];
  const after: RejudgedScore = { verdict: finished.verdict, score: finished.score, versionId: judging.versionId };
  const { rows } = (await q.raw(
    `with ${o.sql},
     j as (update judgements set verdict = ?, score = ?, points = ?, max_points = ?, finished_at = now()
           where id = ? and exists (select 1 from owner) returning id),
     s as (update submissions set verdict = ?, score = ?, points = ?, max_points = ?, judgement_id = ?, challenge_version_id = ?
           where id in (select id from owner) and status = 'finished' and not ?::boolean returning id),
     ${itemDone(failed ? 'null' : '?::jsonb', '?', failed ? 'false' : `(before->>'verdict') is distinct from ? or (before->>'score')::float8 is distinct from ?::float8`)}
     select id from r`,
    [
      ...o.bindings,
      ...totals,
      judging.judgementId,
      ...totals,
      judging.judgementId,
      judging.versionId,
      failed,
      ...(failed ? [] : [JSON.stringify(after)]),
      failed ? (finished.message ?? 'internal error while judging') : null,
      ...(failed ? [] : [finished.verdict, finished.score]),
      ...itemBindings(judging),
    ],
  )) as { rows: unknown[] };
  return rows.length > 0;
}
