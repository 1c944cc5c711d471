// Runner child processes that host the isolates. A V8 abort (a single huge allocation) kills a child,
// never the caller: the pool replaces the child, retries the job once, and then gives the verdict the
// job earned (memory_limit). A job past its wall limit + grace has its child killed: time_limit.
// The caller ALWAYS gets exactly one submission:finished.
//
// Retry numbering: a retried job runs from the start in a fresh child, but tests whose test:finished
// was already streamed are not streamed again (their first result stands), and the final
// submission:finished is recomputed from the results the caller actually received.
//
// A child sends a job's events in batches (runner/poolWorker.ts), so a first attempt that crashes may
// have delivered none of them; the retry streams each event as it happens, so a second crash is
// attributed to the test that was running.
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import type { Challenge, SqlExpected } from './challenge';
import { forkRunnerChild } from './childProcess';
import { SqlValidator } from './expected';
import { scoreOf, summarize } from './summary';
import type { JudgeEvent, JudgeOptions, Submission, SubmissionFinished, TestFinished } from './types';
import type { ValidationProgress, ValidationReport } from './validate';
import type { Verdict } from './verdicts';
import type { JobMessage, WorkerMessage } from './poolWorker';

const WORKER = new URL('./poolWorker.ts', import.meta.url);
/**
 * Time on top of the submission wall limit before a child is presumed stuck. The candidate's limits are enforced
 * inside the kinds (the API kind's submission deadline, the SQL kind's per-dataset limit, neither counting the
 * platform's own set-up); this timer only catches a process that stopped answering, so it also allows for the
 * platform's work — opening PGlite instances for datasets a process has not seen, on a loaded machine.
 */
const GRACE_MS = 5000;
const SETUP_ALLOWANCE_MS = 60_000;

export interface PoolOptions {
  processes?: number;
  /** Extra environment for the children (tests). */
  env?: NodeJS.ProcessEnv;
}

class Channel<T> implements AsyncIterable<T> {
  private items: T[] = [];
  private waiting: ((r: IteratorResult<T>) => void) | undefined;
  private ended = false;

  push(item: T): void {
    if (this.ended) return;
    const w = this.waiting;
    if (w) {
      this.waiting = undefined;
      w({ value: item, done: false });
    } else this.items.push(item);
  }

  end(): void {
    this.ended = true;
    const w = this.waiting;
    this.waiting = undefined;
    if (w && this.items.length === 0) w({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.items.length > 0) return Promise.resolve({ value: this.items.shift()!, done: false });
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => {
          this.waiting = resolve;
        });
      },
      return: () => Promise.resolve({ value: undefined, done: true }),
    };
  }
}

interface Job {
  id: number;
  challenge: Challenge;
  submission: Submission;
  options: JudgeOptions;
  channel: Channel<JudgeEvent>;
  attempts: number;
  started: number;
  plan?: Array<{ index: number; weight: number }>;
  /** test:finished already delivered, by test index */
  delivered: Map<number, TestFinished>;
  /** test:started already delivered */
  startedTests: Set<number>;
  /** the test the current attempt is running */
  running?: { index: number; name: string; visibility: TestFinished['visibility'] };
  finished: boolean;
}

interface Worker {
  child: ChildProcess;
  ready: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
  hashes: Set<string>;
}

export class Pool {
  private readonly size: number;
  private workers: Worker[] = [];
  private queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  /** Children replaced after a crash or a kill (for tests and monitoring). */
  replaced = 0;
  private readonly validator: SqlValidator;

  constructor(private readonly options: PoolOptions = {}) {
    this.validator = new SqlValidator(options.env);
    const fromEnv = Number(process.env.RUNNER_PROCESSES);
    this.size = Math.max(1, options.processes ?? (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : os.availableParallelism()));
    for (let i = 0; i < this.size; i++) this.workers.push(this.spawn());
  }

  /** In the validation child, not a pool process: its PGlite instances do not take a judging process's budget. */
  computeSqlExpected(challenge: Challenge): Promise<SqlExpected> {
    if (this.closed) return Promise.reject(new Error('the runner is closed'));
    return this.validator.computeExpected(challenge);
  }

  /**
   * A SQL challenge validated entirely in the validation child: its instances serve the reference results, the
   * reference, every wrong solution and the starter. Spread over the pool processes, each would open every dataset.
   */
  validateSqlChallenge(challenge: Challenge, onProgress?: (event: ValidationProgress) => void): Promise<ValidationReport> {
    if (this.closed) return Promise.reject(new Error('the runner is closed'));
    return this.validator.validate(challenge, onProgress);
  }

  prewarmValidation(): void {
    if (!this.closed) this.validator.prewarm();
  }

  get processes(): number {
    return this.size;
  }

  /** The pids of the live children (tests kill one to check replacement). */
  pids(): number[] {
    return this.workers.map((w) => w.child.pid!).filter(Boolean);
  }

  private spawn(): Worker {
    const child = forkRunnerChild(WORKER, this.options.env);
    const worker: Worker = { child, ready: false, hashes: new Set() };
    child.on('message', (message: WorkerMessage) => this.onMessage(worker, message));
    child.on('exit', (code, signal) => this.onExit(worker, code, signal));
    child.on('error', () => undefined);
    return worker;
  }

  judge(challenge: Challenge, submission: Submission, options: JudgeOptions = {}): AsyncIterable<JudgeEvent> {
    const channel = new Channel<JudgeEvent>();
    const job: Job = {
      id: this.nextId++,
      challenge,
      submission,
      options,
      channel,
      attempts: 0,
      started: performance.now(),
      delivered: new Map(),
      startedTests: new Set(),
      finished: false,
    };
    if (this.closed) this.finish(job, 'internal_error', 'the runner is closed');
    else {
      this.queue.push(job);
      this.dispatch();
    }
    return channel;
  }

  private dispatch(): void {
    for (const worker of this.workers) {
      if (this.queue.length === 0) return;
      if (!worker.ready || worker.job) continue;
      this.assign(worker, this.queue.shift()!);
    }
  }

  private assign(worker: Worker, job: Job): void {
    job.attempts++;
    job.running = undefined;
    worker.job = job;
    const known = worker.hashes.has(job.challenge.hash);
    const message: JobMessage = {
      type: 'job',
      id: job.id,
      hash: job.challenge.hash,
      challenge: known ? undefined : job.challenge,
      submission: job.submission,
      options: job.options,
      stream: job.attempts > 1,
    };
    worker.hashes.add(job.challenge.hash);
    const limit = job.challenge.limits.wallMsPerSubmission + GRACE_MS + SETUP_ALLOWANCE_MS;
    worker.timer = setTimeout(() => {
      if (worker.job !== job) return;
      this.failRunning(job, 'time_limit', `the submission exceeded its ${job.challenge.limits.wallMsPerSubmission} ms wall-clock limit`);
      worker.job = undefined;
      worker.child.kill('SIGKILL');
    }, limit);
    worker.child.send(message);
  }

  private onMessage(worker: Worker, message: WorkerMessage): void {
    if (message.type === 'batch') {
      for (const m of message.messages) this.onMessage(worker, m);
      return;
    }
    if (message.type === 'ready') {
      worker.ready = true;
      this.dispatch();
      return;
    }
    const job = worker.job;
    if (!job || job.id !== message.id) return;
    switch (message.type) {
      case 'missing':
        worker.hashes.delete(message.hash);
        worker.job = undefined;
        clearTimeout(worker.timer);
        job.attempts--;
        this.assign(worker, job);
        return;
      case 'plan':
        job.plan = message.tests;
        return;
      case 'event':
        this.onEvent(job, message.event);
        return;
      case 'done':
        clearTimeout(worker.timer);
        worker.job = undefined;
        if (!job.finished) this.finish(job, 'internal_error', 'the runner ended without a result');
        this.dispatch();
        return;
    }
  }

  private onEvent(job: Job, event: JudgeEvent): void {
    if (job.finished) return;
    if (event.type === 'test:started') {
      job.running = { index: event.index, name: event.name, visibility: event.visibility };
      if (job.startedTests.has(event.index)) return;
      job.startedTests.add(event.index);
      job.channel.push(event);
      return;
    }
    if (event.type === 'test:finished') {
      job.running = undefined;
      if (job.delivered.has(event.index)) return;
      job.delivered.set(event.index, event);
      job.channel.push(event);
      return;
    }
    // submission:finished: as is on a first attempt; recomputed from what was delivered after a retry.
    let final: SubmissionFinished = event;
    if (job.attempts > 1 && event.verdict !== 'compile_error') {
      final = { ...summarize([...job.delivered.values()], event.total, performance.now() - job.started), ...(event.message ? { message: event.message } : {}) };
    }
    job.finished = true;
    job.channel.push(final);
    job.channel.end();
  }

  /** Give the running test (if any) and the submission the verdict `verdict`. */
  private failRunning(job: Job, verdict: Verdict, message: string): void {
    if (job.finished) return;
    const r = job.running;
    if (r && !job.delivered.has(r.index)) {
      const weight = job.plan?.find((t) => t.index === r.index)?.weight ?? 0;
      const event: TestFinished = {
        type: 'test:finished',
        index: r.index,
        name: r.name,
        visibility: r.visibility,
        verdict,
        points: 0,
        maxPoints: weight,
        cpuMs: 0,
        wallMs: 0,
        detail: { message },
      };
      job.delivered.set(r.index, event);
      job.channel.push(event);
    }
    this.finish(job, verdict, message);
  }

  private finish(job: Job, verdict: Verdict, message: string): void {
    if (job.finished) return;
    job.finished = true;
    const delivered = [...job.delivered.values()];
    const base = summarize(delivered, job.plan?.length ?? delivered.length, performance.now() - job.started, verdict, message);
    // Tests never run still count in maxPoints: a crash cannot raise a score.
    if (job.plan) {
      base.maxPoints = job.plan.reduce((s, t) => s + t.weight, 0);
      base.score = scoreOf(base.points, base.maxPoints, base.passed, base.total);
    }
    job.channel.push(base);
    job.channel.end();
  }

  private onExit(worker: Worker, code: number | null, signal: NodeJS.Signals | null): void {
    clearTimeout(worker.timer);
    const index = this.workers.indexOf(worker);
    const job = worker.job;
    worker.job = undefined;
    if (this.closed) return;
    if (index >= 0) {
      this.workers[index] = this.spawn();
      this.replaced++;
    }
    if (job && !job.finished) {
      if (job.attempts < 2) {
        this.queue.unshift(job);
      } else {
        this.failRunning(job, 'memory_limit', `the runner process died (${signal ?? `exit code ${code}`}), most likely out of memory`);
      }
    }
    this.dispatch();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const job of this.queue) this.finish(job, 'internal_error', 'the runner was closed');
    this.queue = [];
    await this.validator.close();
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            clearTimeout(w.timer);
            if (w.job) this.finish(w.job, 'internal_error', 'the runner was closed');
            if (w.child.exitCode !== null || w.child.signalCode !== null) return resolve();
            w.child.once('exit', () => resolve());
            w.child.kill('SIGKILL');
          }),
      ),
    );
  }
}
