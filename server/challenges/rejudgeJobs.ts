// Rejudges started through the API run in the background of the process that started them; their progress is
// kept in rejudge_jobs, so any server process answers GET /api/challenges/:slug/rejudges/:id. One rejudge of a
// challenge runs at a time across the cluster (a partial unique index); a running job whose process died (not
// touched for STALE_SECONDS) is marked failed when the next one starts, and its judgements stay in the history.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { conflict } from '../errors';
import type { JudgeDeps } from '../judging/submissionJudge';
import { challengeRejudger, type RejudgeItem, type RejudgeSummary, type RejudgeTarget } from '../commands/challengeRejudger';

export interface RejudgeJob {
  id: string;
  slug: string;
  version: number;
  status: 'running' | 'finished' | 'failed';
  startedBy: number;
  startedAt: string;
  finishedAt: string | null;
  total: number | null;
  done: number;
  items: RejudgeItem[];
  summary: RejudgeSummary | null;
}

const STALE_SECONDS = 120;
/** Progress is written at most this often (and at the end). */
const WRITE_EVERY_MS = 250;

type Row = {
  id: string;
  slug: string;
  version: number;
  status: RejudgeJob['status'];
  started_by: number;
  started_at: Date;
  finished_at: Date | null;
  total: number | null;
  done: number;
  items: RejudgeItem[] | string;
  summary: RejudgeSummary | string | null;
};

const json = <T>(v: T | string): T => (typeof v === 'string' ? JSON.parse(v) : v);

function fromRow(r: Row): RejudgeJob {
  return {
    id: r.id,
    slug: r.slug,
    version: r.version,
    status: r.status,
    startedBy: r.started_by,
    startedAt: new Date(r.started_at).toISOString(),
    finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
    total: r.total,
    done: r.done,
    items: json(r.items),
    summary: r.summary === null ? null : json(r.summary),
  };
}

export function createRejudgeJobs(deps: JudgeDeps) {
  const knex: Knex = deps.knex;

  return {
    async start(target: RejudgeTarget, userId: number): Promise<RejudgeJob> {
      await knex('rejudge_jobs')
        .where({ slug: target.slug, status: 'running' })
        .andWhere('updated_at', '<', knex.raw(`now() - interval '${STALE_SECONDS} seconds'`))
        .update({ status: 'failed', finished_at: knex.fn.now() });
      let row: Row;
      try {
        [row] = await knex('rejudge_jobs').insert({ id: randomUUID(), slug: target.slug, version: target.version, started_by: userId }).returning('*');
      } catch (err) {
        if ((err as { code?: string }).code !== '23505') throw err;
        const running = await knex('rejudge_jobs').where({ slug: target.slug, status: 'running' }).first('id');
        throw conflict(`a rejudge of "${target.slug}" is running: job ${running?.id ?? '(just finished)'}`);
      }
      const job = fromRow(row);

      let lastWrite = 0;
      let writing: Promise<unknown> = Promise.resolve();
      const save = (fields: Record<string, unknown>) => {
        writing = writing
          .then(() => knex('rejudge_jobs').where({ id: job.id }).update({ ...fields, updated_at: knex.fn.now() }))
          .catch((err) => deps.logger.error({ err, job: job.id }, 'could not record rejudge progress'));
        return writing;
      };
      const progress = () => save({ done: job.done, total: job.total, items: JSON.stringify(job.items) });

      challengeRejudger(deps, target, {
        onProgress: (item, done, total) => {
          job.items.push(item);
          job.done = done;
          job.total = total;
          if (Date.now() - lastWrite >= WRITE_EVERY_MS) {
            lastWrite = Date.now();
            void progress();
          }
        },
      })
        .then((summary) =>
          save({ status: 'finished', done: job.done, total: summary.total, items: JSON.stringify(job.items), summary: JSON.stringify(summary), finished_at: knex.fn.now() }),
        )
        .catch((err) => {
          deps.logger.error({ err, slug: target.slug }, 'rejudge job failed');
          return save({ status: 'failed', done: job.done, items: JSON.stringify(job.items), finished_at: knex.fn.now() });
        });
      return job;
    },
    async get(id: string): Promise<RejudgeJob | undefined> {
      const row: Row | undefined = await knex('rejudge_jobs').where({ id }).first();
      return row ? fromRow(row) : undefined;
    },
  };
}

export type RejudgeJobs = ReturnType<typeof createRejudgeJobs>;
