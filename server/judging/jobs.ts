// Background jobs beside the judge jobs: one submission of a rejudge, or one validation of a challenge version.
// Both queues (local and pg-boss) carry them; their progress is in the database (rejudge_items,
// validation_jobs), so whichever process runs them, any server answers their status. A handler either
// finishes its row or throws JudgingAbandoned (the process is draining), and the job then runs again: a retry
// picks up where the row says it is.
import type { Knex } from 'knex';
import { runRejudgeItem } from '../challenges/rejudgeJobs';
import { runValidationJob } from '../challenges/validation';
import type { JudgeDeps } from './submissionJudge';

export type BackgroundJob =
  | { kind: 'rejudge'; jobId: string; submissionId: number; versionId: number; reason: string }
  | { kind: 'validate'; jobId: string; /** Higher first (the library's order at start). */ priority?: number };

export type BackgroundKind = BackgroundJob['kind'];

/** The part of a queue the rejudge and validation commands use. */
export interface JobSender {
  /** Jobs sent with `db`: a transaction's jobs exist exactly when it commits. */
  send(db: Knex, jobs: BackgroundJob[]): Promise<void>;
}

export const jobKey = (job: BackgroundJob) => (job.kind === 'rejudge' ? `rejudge:${job.jobId}:${job.submissionId}` : `validate:${job.jobId}`);

export function runBackgroundJob(deps: JudgeDeps, job: BackgroundJob, signal: AbortSignal): Promise<void> {
  return job.kind === 'rejudge' ? runRejudgeItem(deps, job, signal) : runValidationJob(deps, job.jobId, signal);
}

/** Rows a previous process left unfinished, as jobs again (the local queue's recovery at start). */
export async function unfinishedBackgroundJobs(knex: Knex): Promise<BackgroundJob[]> {
  const items: Array<{ job_id: string; submission_id: number; version_id: number; version: number }> = await knex('rejudge_items as i')
    .join('rejudge_jobs as r', 'r.id', 'i.job_id')
    .where({ 'r.status': 'running', 'i.status': 'pending' })
    .orderBy(['r.started_at', 'i.submission_id'])
    .select('i.job_id', 'i.submission_id', 'r.version_id', 'r.version');
  const validations: Array<{ id: string }> = await knex('validation_jobs').whereIn('status', ['queued', 'running']).orderBy('created_at').select('id');
  return [
    ...validations.map((v): BackgroundJob => ({ kind: 'validate', jobId: v.id })),
    ...items.map((i): BackgroundJob => ({ kind: 'rejudge', jobId: i.job_id, submissionId: i.submission_id, versionId: i.version_id, reason: `rejudge against v${i.version}` })),
  ];
}
