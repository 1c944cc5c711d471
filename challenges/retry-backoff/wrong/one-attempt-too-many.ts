// Wrong: gives up one attempt late (maxAttempts failures are retried once more).
export interface RetryPolicy {
  baseMs: number;
  factor: number;
  maxDelayMs: number;
  maxAttempts: number;
}

export type JobStatus =
  | { state: 'waiting'; attempts: number; nextAt: number }
  | { state: 'running'; attempts: number }
  | { state: 'done'; attempts: number }
  | { state: 'dead'; attempts: number; lastError: string };

interface Job {
  seq: number;
  status: JobStatus;
}

export class RetryScheduler {
  private readonly jobs = new Map<string, Job>();
  private seq = 0;

  constructor(private readonly policy: RetryPolicy) {}

  add(id: string): void {
    if (this.jobs.has(id)) throw new Error(`job ${id} already exists`);
    this.jobs.set(id, { seq: this.seq++, status: { state: 'waiting', attempts: 0, nextAt: Date.now() } });
  }

  due(): string[] {
    const now = Date.now();
    const ready = [...this.jobs.entries()]
      .filter(([, job]) => job.status.state === 'waiting' && job.status.nextAt <= now)
      .sort(([, a], [, b]) => (a.status as { nextAt: number }).nextAt - (b.status as { nextAt: number }).nextAt || a.seq - b.seq);
    for (const [, job] of ready) job.status = { state: 'running', attempts: job.status.attempts + 1 };
    return ready.map(([id]) => id);
  }

  private running(id: string): Job {
    const job = this.jobs.get(id);
    if (!job || job.status.state !== 'running') throw new Error(`job ${id} is not running`);
    return job;
  }

  succeeded(id: string): void {
    const job = this.running(id);
    job.status = { state: 'done', attempts: job.status.attempts };
  }

  failed(id: string, error: string): void {
    const job = this.running(id);
    const attempts = job.status.attempts;
    if (attempts > this.policy.maxAttempts) {
      job.status = { state: 'dead', attempts, lastError: error };
      return;
    }
    const delay = Math.min(this.policy.maxDelayMs, this.policy.baseMs * this.policy.factor ** (attempts - 1));
    job.status = { state: 'waiting', attempts, nextAt: Date.now() + delay };
  }

  status(id: string): JobStatus | undefined {
    const job = this.jobs.get(id);
    return job ? { ...job.status } : undefined;
  }
}
