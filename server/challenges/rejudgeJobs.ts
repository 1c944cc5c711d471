// A rejudge's items as jobs (server/commands/challengeRejudger.ts starts them) and its status, read from the
// database by any server: rejudge_jobs holds the count, rejudge_items each submission's outcome. An item's
// job may run more than once (its worker died, its job expired): the item's attempts decide which run
// writes, and the item turns done in the statement that replaces the score, so a score counts once.
import type { Knex } from 'knex';
import { failRejudgeItem } from '../judging/judgementStore';
import { jobPinged, pingJob } from '../judging/jobSignals';
import { JudgingAbandoned, submissionJudge, type JudgeDeps } from '../judging/submissionJudge';
import type { Judged, RejudgeItem, RejudgeSummary } from '../commands/challengeRejudger';

export interface RejudgeJob {
  id: string;
  slug: string;
  version: number;
  status: 'running' | 'finished' | 'failed';
  startedBy: number | null;
  startedAt: string;
  finishedAt: string | null;
  total: number | null;
  done: number;
  /** The items done so far, by submission id. */
  items: RejudgeItem[];
  summary: RejudgeSummary | null;
}

type JobRow = {
  id: string;
  slug: string;
  version: number;
  status: RejudgeJob['status'];
  started_by: number | null;
  started_at: Date;
  finished_at: Date | null;
  total: number | null;
  done: number;
};

type ItemRow = { submission_id: number; before: Judged | string; after: Judged | string | null; changed: boolean; error: string | null };

const json = <T>(v: T | string): T => (typeof v === 'string' ? JSON.parse(v) : v);

function itemOf(r: ItemRow): RejudgeItem {
  return {
    submissionId: r.submission_id,
    before: json(r.before),
    after: r.after === null ? null : json(r.after),
    changed: r.changed,
    ...(r.error ? { error: r.error } : {}),
  };
}

/** A rejudge as any server sees it: its row and its items done so far. */
export async function getRejudgeJob(knex: Knex, id: string): Promise<RejudgeJob | undefined> {
  const row: JobRow | undefined = await knex('rejudge_jobs').where({ id }).first();
  if (!row) return undefined;
  const rows: ItemRow[] = await knex('rejudge_items').where({ job_id: id, status: 'done' }).orderBy('submission_id').select('submission_id', 'before', 'after', 'changed', 'error');
  const items = rows.map(itemOf);
  const startedAt = new Date(row.started_at);
  const finishedAt = row.finished_at ? new Date(row.finished_at) : null;
  return {
    id: row.id,
    slug: row.slug,
    version: row.version,
    status: row.status,
    startedBy: row.started_by,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt?.toISOString() ?? null,
    total: row.total,
    done: row.done,
    items,
    summary: finishedAt
      ? {
          slug: row.slug,
          version: row.version,
          total: row.total ?? 0,
          rejudged: items.filter((i) => i.after).length,
          changed: items.filter((i) => i.changed).length,
          failed: items.filter((i) => i.error).length,
          items,
          wallMs: finishedAt.getTime() - startedAt.getTime(),
        }
      : null,
  };
}

/** One item's job: judge the submission against the rejudge's version; the judge's last statement ends the item. */
export async function runRejudgeItem(
  deps: JudgeDeps,
  job: { jobId: string; submissionId: number; versionId: number; reason: string },
  signal: AbortSignal,
): Promise<void> {
  try {
    await submissionJudge(deps, { submissionId: job.submissionId, versionId: job.versionId, reason: job.reason, live: false, rejudgeJob: job.jobId, signal });
  } catch (err) {
    if (err instanceof JudgingAbandoned || signal.aborted) throw err;
    deps.logger.error({ err, rejudge: job.jobId, submissionId: job.submissionId }, 'rejudge failed');
    await failRejudgeItem(deps.knex, job.jobId, job.submissionId, 'the rejudge failed');
  } finally {
    pingJob(job.jobId);
  }
}

/**
 * Until the rejudge is no longer running, handing each item to `onItem` once as it is done (the CLI's lines).
 * Wakes when this process finishes one of its items, else reads the rows every `pollMs`.
 */
export async function waitForRejudge(knex: Knex, id: string, options: { onItem?: (item: RejudgeItem, done: number, total: number) => void; pollMs?: number } = {}): Promise<RejudgeJob> {
  const seen = new Set<number>();
  for (;;) {
    const job = await getRejudgeJob(knex, id);
    if (!job) throw new Error(`rejudge ${id} not found`);
    for (const item of job.items) {
      if (seen.has(item.submissionId)) continue;
      seen.add(item.submissionId);
      options.onItem?.(item, seen.size, job.total ?? 0);
    }
    if (job.status !== 'running') return job;
    await jobPinged([id], options.pollMs ?? 500);
  }
}
