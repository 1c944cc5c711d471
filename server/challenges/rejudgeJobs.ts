// Rejudges started through the API run in the background; their progress is kept here, in memory, for
// GET /api/challenges/:slug/rejudges/:id. A restart forgets the jobs, never the results: every judgement is
// in the database (GET /api/submissions/:id/judgements).
import { randomUUID } from 'node:crypto';
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

const MAX_KEPT = 100;

export function createRejudgeJobs(deps: JudgeDeps) {
  const jobs = new Map<string, RejudgeJob>();

  return {
    start(target: RejudgeTarget, userId: number): RejudgeJob {
      for (const j of jobs.values()) {
        if (j.slug === target.slug && j.status === 'running') throw conflict(`a rejudge of "${target.slug}" is running: job ${j.id}`);
      }
      const job: RejudgeJob = {
        id: randomUUID(),
        slug: target.slug,
        version: target.version,
        status: 'running',
        startedBy: userId,
        startedAt: new Date().toISOString(),
        finishedAt: null,
        total: null,
        done: 0,
        items: [],
        summary: null,
      };
      if (jobs.size >= MAX_KEPT) {
        const oldest = [...jobs.values()].find((j) => j.status !== 'running');
        if (oldest) jobs.delete(oldest.id);
      }
      jobs.set(job.id, job);
      challengeRejudger(deps, target, {
        onProgress: (item, done, total) => {
          job.items.push(item);
          job.done = done;
          job.total = total;
        },
      })
        .then((summary) => {
          job.summary = summary;
          job.total = summary.total;
          job.status = 'finished';
        })
        .catch((err) => {
          deps.logger.error({ err, slug: target.slug }, 'rejudge job failed');
          job.status = 'failed';
        })
        .finally(() => {
          job.finishedAt = new Date().toISOString();
        });
      return job;
    },
    get(id: string): RejudgeJob | undefined {
      return jobs.get(id);
    },
  };
}

export type RejudgeJobs = ReturnType<typeof createRejudgeJobs>;
