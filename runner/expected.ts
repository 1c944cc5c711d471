// SQL validation work in a child process of its own: the caller (the server, or `npm run validate`) never holds
// PGlite instances, and a reference that crashes the database engine cannot take the caller down.
//
// The child is reused from one request to the next and leaves after IDLE_MS without one. A library sync validates
// its SQL challenges one after the other: a fresh child for each paid the process start and a load of every
// dataset's instance (~0.7 s each) again, where a reused one replays the next challenge's datasets into the
// instances it holds (~0.1 s each), within its SQL_MEMORY_MB like any runner process.
import type { ChildProcess } from 'node:child_process';
import type { Challenge, SqlExpected } from './challenge';
import { forkRunnerChild } from './childProcess';
import type { ExpectedReply, ExpectedRequest } from './expectedWorker';
import type { ValidationProgress, ValidationReport } from './validate';

const WORKER = new URL('./expectedWorker.ts', import.meta.url);
/** Generous: a library challenge takes 2–10 s; a stuck child must still end. */
const TIMEOUT_MS = 10 * 60_000;
/** How long an idle child waits for the next request (a library sync sends them back to back). */
const IDLE_MS = 15_000;
const PREWARM_IDLE_MS = 90_000;

interface Task {
  request: ExpectedRequest;
  onProgress?: (event: ValidationProgress) => void;
  resolve(reply: Extract<ExpectedReply, { ok: true }>): void;
  reject(err: Error): void;
}

/** One reusable validation child at a time; requests run in turn. */
export class SqlValidator {
  private child: ChildProcess | undefined;
  private queue: Task[] = [];
  private running: Task | undefined;
  private timer: NodeJS.Timeout | undefined;
  private idle: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly env: NodeJS.ProcessEnv = {}) {}

  computeExpected(challenge: Challenge): Promise<SqlExpected> {
    return this.request({ type: 'expected', challenge }).then((r) => {
      if (!('expected' in r)) throw new Error('the validation process answered something else');
      return r.expected;
    });
  }

  /** The whole validation of a SQL challenge in the child, so all its runs share the child's instances. */
  validate(challenge: Challenge, onProgress?: (event: ValidationProgress) => void): Promise<ValidationReport> {
    return this.request({ type: 'validate', challenge }, onProgress).then((r) => {
      if (!('report' in r)) throw new Error('the validation process answered something else');
      return r.report;
    });
  }

  /** Start the child (it loads PGlite and a spare instance) before the first request; it leaves if none comes. */
  prewarm(): void {
    if (this.closed || this.child) return;
    this.ensureChild();
    // A platform's first start reaches its first validation after initdb and its migrations: wait longer for it.
    if (!this.running) this.settle(PREWARM_IDLE_MS);
  }

  async close(): Promise<void> {
    this.closed = true;
    // The running request too: its child is killed below, and its exit no longer answers for it.
    const running = this.running;
    this.running = undefined;
    for (const task of [...(running ? [running] : []), ...this.queue.splice(0)]) task.reject(new Error('the runner is closed'));
    await this.stopChild();
  }

  private request(request: ExpectedRequest, onProgress?: (event: ValidationProgress) => void): Promise<Extract<ExpectedReply, { ok: true }>> {
    if (this.closed) return Promise.reject(new Error('the runner is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request, onProgress, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.running || this.queue.length === 0) return;
    clearTimeout(this.idle);
    const task = (this.running = this.queue.shift()!);
    const child = this.ensureChild();
    // Held while a request runs (settle lets go of both when it goes idle).
    child.ref();
    (child.channel as { ref?: () => void } | undefined)?.ref?.();
    this.timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.send(task.request);
  }

  private ensureChild(): ChildProcess {
    if (this.child) return this.child;
    // One spare instance, loaded as the child starts: the first dataset of the first request is replayed into it.
    const child = forkRunnerChild(WORKER, { ASSAY_PGLITE_SPARES: '1', ...this.env });
    this.child = child;
    child.on('message', (message: ExpectedReply) => {
      const task = this.running;
      if (!task || child !== this.child) return;
      if ('progress' in message) return task.onProgress?.(message.progress);
      this.settle();
      if (message.ok) task.resolve(message);
      else task.reject(new Error(message.message));
    });
    child.once('error', () => undefined);
    child.once('exit', (code, signal) => {
      if (child !== this.child) return;
      this.child = undefined;
      const task = this.running;
      if (!task) return;
      this.settle();
      task.reject(new Error(`the validation process ended without a result (${signal ?? `exit code ${code}`})`));
    });
    return child;
  }

  /** The running task is answered: start the next, or let the child go idle (and leave after IDLE_MS). */
  private settle(idleMs = IDLE_MS): void {
    clearTimeout(this.timer);
    this.running = undefined;
    if (this.queue.length > 0) return void setImmediate(() => this.next());
    const child = this.child;
    if (!child) return;
    // An idle child never keeps the caller alive.
    child.unref();
    (child.channel as { unref?: () => void } | undefined)?.unref?.();
    this.idle = setTimeout(() => void this.stopChild(), idleMs);
    this.idle.unref();
  }

  private stopChild(): Promise<void> {
    clearTimeout(this.idle);
    clearTimeout(this.timer);
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}

// The functions for callers without a runner of their own (tools, tests): one shared validator.
let shared: SqlValidator | undefined;

export function computeExpectedInChild(challenge: Challenge): Promise<SqlExpected> {
  return (shared ??= new SqlValidator()).computeExpected(challenge);
}

export function validateSqlInChild(challenge: Challenge, onProgress?: (event: ValidationProgress) => void): Promise<ValidationReport> {
  return (shared ??= new SqlValidator()).validate(challenge, onProgress);
}
