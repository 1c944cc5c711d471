// Re-judging a challenge's scored submissions against a chosen version (after a hidden test was fixed, say),
// as jobs: one transaction writes the rejudge (rejudge_jobs), one item per submission with its score before
// (rejudge_items) and one job per item, which any worker takes (server/challenges/rejudgeJobs.ts runs one).
// Each item gets a new judgement (reason "rejudge against vN") whose end replaces the submission's score in
// the same statement; earlier judgements and their results stay as history. A rejudge that fails inside the
// platform (internal error) keeps the previous score. One rejudge of a challenge runs at a time in the cluster.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { conflict, notFound, unprocessable } from '../errors';
import type { JobSender } from '../judging/jobs';
import type { ChallengeRow, VersionRow } from '../rows';

export interface RejudgeTarget {
  challengeId: number;
  slug: string;
  versionId: number;
  version: number;
}

/** The challenge and version to rejudge against: the given version number, else the current version. */
export async function resolveRejudgeTarget(knex: Knex, slug: string, version?: number): Promise<RejudgeTarget> {
  const challenge: ChallengeRow | undefined = await knex('challenges').where({ slug }).first();
  if (!challenge) throw notFound(`no challenge "${slug}"`);
  let row: VersionRow | undefined;
  if (version !== undefined) {
    row = await knex('challenge_versions').where({ challenge_id: challenge.id, version }).first();
    if (!row) throw notFound(`challenge "${slug}" has no version ${version}`);
  } else {
    if (!challenge.current_version_id) throw conflict(`challenge "${slug}" has no current version: name one`);
    row = await knex('challenge_versions').where({ id: challenge.current_version_id }).first();
  }
  if (!row!.valid) throw unprocessable(`version ${row!.version} of "${slug}" has not passed validation: submissions are only rejudged against valid versions`);
  return { challengeId: challenge.id, slug, versionId: row!.id, version: row!.version };
}

export interface Judged {
  verdict: string | null;
  score: number | null;
  versionId: number;
}

export interface RejudgeItem {
  submissionId: number;
  before: Judged;
  after: Judged | null;
  changed: boolean;
  /** Why the rejudge did not replace the score. */
  error?: string;
}

export interface RejudgeSummary {
  slug: string;
  version: number;
  total: number;
  rejudged: number;
  changed: number;
  failed: number;
  items: RejudgeItem[];
  wallMs: number;
}

/**
 * A running rejudge that has not moved for this long lost every process that could run it (its jobs ran out of
 * retries): the next rejudge of the challenge marks it failed. Items wait behind candidates' judgings, so
 * this is long.
 */
export const STALE_REJUDGE_SECONDS = 600;

/** Starts a rejudge: its row, its items and their jobs in one transaction. Returns the rejudge's id. */
export async function challengeRejudger(deps: { knex: Knex; queue: JobSender }, target: RejudgeTarget, userId: number | null): Promise<string> {
  const { knex, queue } = deps;
  const id = randomUUID();
  const reason = `rejudge against v${target.version}`;
  try {
    await knex.transaction(async (trx) => {
      await trx('rejudge_jobs')
        .where({ slug: target.slug, status: 'running' })
        .andWhere('updated_at', '<', trx.raw(`now() - interval '${STALE_REJUDGE_SECONDS} seconds'`))
        .update({ status: 'failed', finished_at: trx.fn.now() });
      await trx('rejudge_jobs').insert({ id, slug: target.slug, version: target.version, challenge_id: target.challengeId, version_id: target.versionId, started_by: userId, total: 0 });
      // Scored submissions of the challenge; one being judged right now is skipped when its item runs.
      const { rows } = (await trx.raw(
        `insert into rejudge_items (job_id, submission_id, before)
         select ?, id, jsonb_build_object('verdict', verdict, 'score', score, 'versionId', challenge_version_id)
         from submissions where challenge_id = ? and mode = 'submit' and status = 'finished' order by id
         returning submission_id`,
        [id, target.challengeId],
      )) as { rows: Array<{ submission_id: number }> };
      await trx('rejudge_jobs')
        .where({ id })
        .update({ total: rows.length, ...(rows.length === 0 ? { status: 'finished', finished_at: trx.fn.now() } : {}) });
      await queue.send(
        trx,
        rows.map((r) => ({ kind: 'rejudge' as const, jobId: id, submissionId: r.submission_id, versionId: target.versionId, reason })),
      );
    });
  } catch (err) {
    if ((err as { code?: string }).code !== '23505') throw err;
    const running = await knex('rejudge_jobs').where({ slug: target.slug, status: 'running' }).first('id');
    throw conflict(`a rejudge of "${target.slug}" is running: job ${running?.id ?? '(just finished)'}`);
  }
  return id;
}
