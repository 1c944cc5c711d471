// The PGlite host inside a runner process: one worker thread per warm instance, a bounded LRU of idle
// instances keyed by what they hold (a SQL dataset, an API challenge's seeded database), and restore
// in the background after anything that may have broken an instance.
//
// Why one instance per thread: terminating the thread is the only way to stop a runaway query, and it
// frees the instance's WebAssembly memory entirely (closing instances inside one thread grew a process
// to ~800 MB). Why snapshots are "base tarball + recipe": every instance starts from one shared
// dumpDataDir() tarball of an initialised cluster (initdb once per machine, cached on disk), then
// replays the dataset's SQL; see docs in runner/pglite/README.md for the measured trade-off.
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { transformSync } from 'esbuild';
import type { WorkerCleaned, WorkerReply, WorkerRequest, WorkerResult } from './protocol';

/**
 * Memory this process may spend on PGlite instances (SQL_MEMORY_MB, default 300: five instances, what a 3-dataset
 * challenge needs warm and two spares, or a 6-dataset challenge with two datasets replayed per submission), on top
 * of what the first instance brings with it (PGlite's WebAssembly code, once per process). Instances are counted at
 * INSTANCE_MB each (measured in a runner process with a 2,000- and a 10,000-row table: ~55-60 MB RSS each with the
 * settings and trimmed base worker.ts starts them with and the malloc tuning of runner/childProcess.ts; ~140 MB
 * before those). When a new one would not fit, an idle one is emptied and the new dataset replayed into it (~0.1 s)
 * instead of a new instance being loaded (~0.7 s; see evictionIndex). Nothing in the background (spares, warming
 * ahead, restores) starts beyond the budget. Instances a run holds are never evicted: a submission always gets its
 * database.
 */
export const SQL_MEMORY_MB = Math.max(100, Number(process.env.SQL_MEMORY_MB) || 300);
export const INSTANCE_MB = Math.max(32, Number(process.env.ASSAY_PGLITE_INSTANCE_MB) || 60);
const MAX_INSTANCES = Math.max(1, Math.floor(SQL_MEMORY_MB / INSTANCE_MB));
/**
 * Loaded instances holding no dataset yet, kept ready while the process is busy (ASSAY_PGLITE_SPARES, default 3,
 * 0 to disable), within the budget; dropped after SPARE_IDLE_MS without a request, so an idle platform holds none.
 * Three: a first submission to a 3-dataset challenge replays every dataset into a spare instead of waiting for
 * loads. They cost no memory beyond the budget: a spare is only made where an instance would fit.
 */
const SPARES = Math.max(0, Number(process.env.ASSAY_PGLITE_SPARES ?? 3));
const SPARE_IDLE_MS = 60_000;
/** Heap cap of a worker's JavaScript side: a huge result kills the worker, not the runner process. */
const WORKER_HEAP_MB = 384;
/** The worker's young generation: its JavaScript makes little garbage (PostgreSQL's memory is WebAssembly's), and
 * V8's default semi-spaces are resident in every one of the instances. */
const WORKER_YOUNG_MB = 4;
/** A cleanup after its run's reply is the platform's own statements: an instance still at it after this is dropped. */
const CLEANUP_TIMEOUT_MS = 10_000;
/** Opening (load + recipe) is the platform's work, not the candidate's: generous, yet bounded. */
const OPEN_TIMEOUT_MS = 120_000;

export type CallOutcome =
  | { kind: 'ok'; result: WorkerResult; wallMs: number }
  | { kind: 'timeout'; wallMs: number }
  | { kind: 'crashed'; message: string; outOfMemory: boolean; wallMs: number };

export interface Lease {
  readonly key: string;
  /** The worker is gone (timed out, crashed); the lease can only be released. */
  readonly lost: boolean;
  call(req: WorkerRequest, options?: { timeoutMs?: number; signal?: AbortSignal }): Promise<CallOutcome>;
  /** Do not reuse this instance: terminate it on release and restore a fresh one in the background. */
  discard(): void;
  release(): Promise<void>;
}

// The version names the cached base data directory, so an upgrade never loads another version's files. PGlite's
// package.json is not among its exports: it is found from the package's entry point, upwards.
const pgliteVersion: string = (() => {
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite' && pkg.version) return pkg.version;
    } catch {
      // no package.json here: keep going up
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the version of @electric-sql/pglite');
    dir = up;
  }
})();

// The worker is TypeScript; Node 20 neither runs .ts in a worker nor carries the parent's tsx hooks
// into it, and registering tsx there costs ~1-2 s per thread. So its types are stripped once per
// process with esbuild and it runs as an eval'd CommonJS script (its only imports are PGlite, by
// resolved path, and node built-ins).
let workerSource: string | undefined;

function workerBootstrap(): string {
  if (!workerSource) {
    const require = createRequire(import.meta.url);
    const ts = readFileSync(new URL('./worker.ts', import.meta.url), 'utf8');
    workerSource = transformSync(ts, { loader: 'ts', format: 'cjs', target: 'node20' }).code.replace(
      /require\(["']@electric-sql\/pglite["']\)/,
      `require(${JSON.stringify(require.resolve('@electric-sql/pglite'))})`,
    );
  }
  return workerSource;
}

/** Every instance with a live worker thread: what the memory budget counts. */
const live = new Set<Instance>();

class Instance {
  readonly worker: Worker;
  dead = false;
  deathReason: { message: string; outOfMemory: boolean } | undefined;
  private nextId = 1;
  private pending = new Map<number, (r: WorkerReply | { id: number; dead: true }) => void>();
  /** The verdict of a cleanup still running after its run's reply (`cleanupAfterReply`). */
  cleaning: Promise<{ clean: boolean; dirty?: string }> | undefined;
  private cleaned: ((c: { clean: boolean; dirty?: string }) => void) | undefined;

  constructor(public key: string) {
    this.worker = new Worker(workerBootstrap(), {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
    });
    live.add(this);
    this.worker.unref();
    this.worker.on('message', (reply: WorkerReply | WorkerCleaned) => {
      if ('cleaned' in reply) return this.finishCleaning(reply.cleaned);
      this.settle(reply.id, reply);
    });
    this.worker.on('error', (e: Error & { code?: string }) => {
      this.markDead(e.message, e.code === 'ERR_WORKER_OUT_OF_MEMORY');
    });
    this.worker.on('exit', () => this.markDead('the database worker exited', false));
  }

  private settle(id: number, r: WorkerReply | { id: number; dead: true }): void {
    const done = this.pending.get(id);
    this.pending.delete(id);
    if (this.pending.size === 0 && !this.dead) this.worker.unref();
    done?.(r);
  }

  private finishCleaning(c: { clean: boolean; dirty?: string }): void {
    const done = this.cleaned;
    this.cleaned = undefined;
    done?.(c);
  }

  private markDead(message: string, outOfMemory: boolean): void {
    if (!this.deathReason) this.deathReason = { message, outOfMemory };
    this.dead = true;
    live.delete(this);
    this.finishCleaning({ clean: false, dirty: message });
    for (const id of [...this.pending.keys()]) this.settle(id, { id, dead: true });
  }

  kill(): void {
    if (!this.dead) {
      this.markDead('terminated', false);
      void this.worker.terminate();
    }
  }

  async call(req: WorkerRequest, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<CallOutcome> {
    const started = performance.now();
    const wall = () => performance.now() - started;
    if (this.dead) return { kind: 'crashed', message: this.deathReason?.message ?? 'dead', outOfMemory: false, wallMs: 0 };
    const id = this.nextId++;
    if (req.op === 'runSql' && req.cleanupAfterReply) this.cleaning = new Promise((resolve) => (this.cleaned = resolve));
    this.worker.ref();
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    try {
      const reply = await new Promise<WorkerReply | { id: number; dead: true } | 'timeout'>((resolve) => {
        this.pending.set(id, resolve);
        if (options.timeoutMs !== undefined) timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
        if (options.signal) {
          onAbort = () => resolve('timeout');
          if (options.signal.aborted) onAbort();
          else options.signal.addEventListener('abort', onAbort, { once: true });
        }
        this.worker.postMessage({ id, req });
      });
      if (reply === 'timeout') {
        this.kill();
        return { kind: 'timeout', wallMs: wall() };
      }
      if ('dead' in reply) {
        const r = this.deathReason ?? { message: 'the database worker died', outOfMemory: false };
        return { kind: 'crashed', message: r.message, outOfMemory: r.outOfMemory, wallMs: wall() };
      }
      if (!reply.ok) {
        // A failure of the host's own statements (not the candidate's): the instance is suspect.
        this.kill();
        return { kind: 'crashed', message: reply.message, outOfMemory: false, wallMs: wall() };
      }
      return { kind: 'ok', result: reply.result, wallMs: wall() };
    } finally {
      if (timer) clearTimeout(timer);
      if (onAbort) options.signal?.removeEventListener('abort', onAbort);
    }
  }
}

// ---- the base snapshot: an initialised cluster, made once per machine and PGlite version ----

let basePromise: Promise<Uint8Array> | undefined;

/** In shared memory: every worker reads the one copy instead of receiving a clone of ~14 MB. */
function shared(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  out.set(bytes);
  return out;
}

function baseCachePath(): string {
  const dir = process.env.ASSAY_PGLITE_CACHE ?? path.join(os.tmpdir(), 'assay-pglite');
  return path.join(dir, `base-${pgliteVersion}-v5.tar`);
}

async function makeBase(): Promise<Uint8Array> {
  const file = baseCachePath();
  try {
    return shared(await readFile(file));
  } catch {
    // not cached yet
  }
  const inst = new Instance('base');
  try {
    const out = await inst.call({ op: 'makeBase' }, { timeoutMs: OPEN_TIMEOUT_MS });
    if (out.kind !== 'ok' || !out.result.tarball) throw new Error(`could not initialise PGlite: ${out.kind === 'crashed' ? out.message : out.kind}`);
    const tarball = out.result.tarball;
    // Written atomically: another runner process may be making the same file.
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, tarball);
    await rename(tmp, file);
    return shared(tarball);
  } finally {
    inst.kill();
  }
}

/** The shared base tarball; call early (e.g. when a runner process starts) to take initdb off the first submission. */
export function prewarmPglite(): Promise<Uint8Array> {
  basePromise ??= makeBase().catch((e) => {
    basePromise = undefined;
    throw e;
  });
  return basePromise;
}

// ---- the pool ----

const idle: Instance[] = []; // least recently used first
const restoring = new Map<string, Array<Promise<Instance>>>();
const busyCount = new Map<string, number>();

let wasmModule: Promise<WebAssembly.Module | undefined> | undefined;

/** PGlite's WebAssembly compiled once per process and shared with every worker. */
function pgliteWasm(): Promise<WebAssembly.Module | undefined> {
  wasmModule ??= (async () => {
    try {
      const require = createRequire(import.meta.url);
      const file = path.join(path.dirname(require.resolve('@electric-sql/pglite/package.json')), 'dist', 'pglite.wasm');
      return await WebAssembly.compile(await readFile(file));
    } catch {
      return undefined; // PGlite then compiles it itself
    }
  })();
  return wasmModule;
}

// Opening is CPU-bound (untar + start PostgreSQL): more at once than cores only slows each one.
const MAX_OPENING = Math.max(1, os.cpus().length);
let opening = 0;
const waitingToOpen: Array<() => void> = [];

/** Loads started but whose thread does not exist yet: they count against the budget as if live. */
let reserved = 0;

/** Room for one more instance: evict idle ones, least recently used first, until it fits (or none is idle). */
function makeRoom(): void {
  while (live.size + reserved > MAX_INSTANCES && idle.length > 0) idle.shift()!.kill();
}

/** Whether background work (spares, restores nobody waits for) may start another instance. */
function fitsBudget(): boolean {
  return live.size + reserved + 1 <= MAX_INSTANCES;
}

/** Start a thread and PostgreSQL from the base cluster, with no dataset yet. */
async function loadInstance(key: string): Promise<Instance> {
  // Counted from the call on: callers deciding at the same moment must not all see room for one more.
  reserved++;
  let inst: Instance | undefined;
  try {
    const [base, wasm] = await Promise.all([prewarmPglite(), pgliteWasm()]);
    makeRoom();
    if (opening >= MAX_OPENING) await new Promise<void>((resolve) => waitingToOpen.push(resolve));
    opening++;
    try {
      inst = new Instance(key);
      reserved--;
      const out = await inst.call({ op: 'load', base, wasm }, { timeoutMs: OPEN_TIMEOUT_MS });
      if (out.kind !== 'ok') {
        inst.kill();
        throw new Error(`could not start a database: ${out.kind === 'crashed' ? out.message : 'timed out'}`);
      }
      return inst;
    } finally {
      opening--;
      waitingToOpen.shift()?.();
    }
  } finally {
    if (!inst) reserved--;
  }
}

// Loading the base cluster is most of an instance's opening cost (~0.5-1 s); replaying a dataset is
// milliseconds. So each process keeps a few loaded instances holding no data, and a dataset this
// process has not seen yet takes one instead of waiting for a load.
const spares: Array<Promise<Instance>> = [];
let lastRequest = 0;
let idleTimer: NodeJS.Timeout | undefined;

function refillSpares(): void {
  while (spares.length < SPARES && fitsBudget()) {
    const p = loadInstance('spare');
    p.then(
      () => {
        readySpares.add(p);
        wakeWaiters();
      },
      () => undefined,
    );
    spares.push(p);
  }
  if (spares.length > 0 && !idleTimer) {
    idleTimer = setInterval(() => {
      if (Date.now() - lastRequest < SPARE_IDLE_MS) return;
      clearInterval(idleTimer);
      idleTimer = undefined;
      for (const p of spares.splice(0)) void p.then((inst) => inst.kill(), () => undefined);
    }, SPARE_IDLE_MS / 4);
    idleTimer.unref();
  }
}

/** Spares whose load has finished: taken before one still loading, which a refill may just have started. */
const readySpares = new WeakSet<Promise<Instance>>();

/**
 * A spare that has finished loading, if any. One still loading is left to load: waiting for it is no quicker than
 * loading another beside it, and a request that waited on a refill just started serialised a cold submission's
 * datasets behind one load after another.
 */
async function takeSpare(): Promise<Instance | undefined> {
  const ready = spares.findIndex((p) => readySpares.has(p));
  if (ready < 0) return undefined;
  const [p] = spares.splice(ready, 1);
  refillSpares();
  const inst = await p.catch(() => undefined);
  return inst && !inst.dead ? inst : undefined;
}

/** Load the base snapshot and start the spare instances (when a runner process starts). */
export async function prewarmSpares(): Promise<void> {
  await prewarmPglite();
  refillSpares();
  await Promise.all(spares.map((p) => p.catch(() => undefined)));
}

/** `sql:<challenge hash>:<dataset>` → `sql:<challenge hash>`: the instances one submission goes through in turn. */
const groupOf = (key: string) => key.slice(0, key.lastIndexOf(':'));

/**
 * Which idle instance to empty for `key`: the least recently used of another challenge's; failing that (a challenge
 * with more datasets than the budget holds), the most recently used of its own. A submission visits its datasets in
 * the same order every time, and under least-recently-used that cycle empties every instance before its next use;
 * taking the most recent one keeps the others warm for the next submission.
 */
function evictionIndex(key: string): number {
  const group = groupOf(key);
  const other = idle.findIndex((i) => groupOf(i.key) !== group);
  return other >= 0 ? other : idle.length - 1;
}

/** Resolved whenever an instance comes free: what a request over the budget waits for. */
let parked: Array<() => void> = [];

function nextParked(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    parked.push(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** How long a request over the budget waits for an instance to come free before opening one beyond it. */
const OVER_BUDGET_WAIT_MS = 3000;

async function spawn(key: string, recipe: string[]): Promise<Instance> {
  let inst = await takeSpare();
  // Over the budget, an idle instance would be evicted and another loaded (seconds on a loaded machine); instead
  // one (evictionIndex) is emptied and the new dataset replayed into it (a fraction of that). Only clean
  // instances are ever idle, so it is as trustworthy as a fresh one; its fingerprint is taken again after the replay.
  // With none idle but some on their way (opening, or held by a run that ends in milliseconds), waiting for one
  // beats loading another past the budget; a process whose instances are all held for long opens one anyway.
  let reset = false;
  const deadline = performance.now() + OVER_BUDGET_WAIT_MS;
  while (!inst && !fitsBudget() && idle.length === 0) {
    // Instances on their way park when they are ready; one held by a run is released within its time limit, or not.
    const coming = opening > 0 || reserved > 0 || [...restoring.values()].some((l) => l.length > 0);
    if (!coming && performance.now() >= deadline) break;
    await nextParked(coming ? OPEN_TIMEOUT_MS : deadline - performance.now());
    inst = await takeSpare();
  }
  if (!inst && !fitsBudget() && idle.length > 0) {
    inst = idle.splice(evictionIndex(key), 1)[0];
    reset = true;
  }
  inst ??= await loadInstance(key);
  inst.key = key;
  const out = await inst.call({ op: 'apply', recipe, reset }, { timeoutMs: OPEN_TIMEOUT_MS });
  if (out.kind !== 'ok') {
    inst.kill();
    throw new Error(`could not open a database for ${key}: ${out.kind === 'crashed' ? out.message : 'timed out'}`);
  }
  return inst;
}

const recipes = new Map<string, string[]>();

/**
 * Start opening an instance for `key` unless one is idle or on its way: a submission calls this for
 * all its datasets up front so they open in parallel with its first test.
 */
export function warmInstance(key: string, recipe: string[]): void {
  recipes.set(key, recipe);
  if (idle.some((i) => i.key === key && !i.dead)) return;
  // Held by a run, or still checking itself after one (the previous submission's): it comes back; a second
  // instance of the same dataset would only cost a load and memory.
  if ((busyCount.get(key) ?? 0) > 0) return;
  restoreInBackground(key);
}

function restoreInBackground(key: string): void {
  const recipe = recipes.get(key);
  if (!recipe) return;
  const list = restoring.get(key) ?? [];
  if (list.length > 0) return;
  // Over the budget, the next request for this key opens its instance itself: warming ahead by emptying an idle
  // instance could empty the very one a running submission asks for next.
  if (!fitsBudget() && spares.length === 0) return;
  const p = spawn(key, recipe);
  p.catch(() => undefined);
  list.push(p);
  restoring.set(key, list);
  // Once restored and not claimed, it becomes an ordinary idle instance.
  p.then(
    (inst) => {
      const l = restoring.get(key);
      const i = l?.indexOf(p) ?? -1;
      if (l && i >= 0) {
        l.splice(i, 1);
        parkIdle(inst);
      }
    },
    () => {
      const l = restoring.get(key);
      const i = l?.indexOf(p) ?? -1;
      if (l && i >= 0) l.splice(i, 1);
    },
  );
}

function parkIdle(inst: Instance): void {
  if (inst.dead) return;
  idle.push(inst);
  while (live.size > MAX_INSTANCES && idle.length > 0) idle.shift()!.kill();
  wakeWaiters();
}

/** An instance came free (parked idle, or a spare finished loading): requests over the budget look again. */
function wakeWaiters(): void {
  for (const wake of parked.splice(0)) wake();
}

/** Instances released but still checking themselves after their run (cleanupAfterReply), by key. */
const checking = new Map<string, number>();

function takeIdle(key: string): Instance | undefined {
  for (let i = idle.length - 1; i >= 0; i--) if (idle[i].key === key && !idle[i].dead) return idle.splice(i, 1)[0];
  return undefined;
}

/** A warm instance holding `recipe` (schema, data), exclusively yours until release(). */
export async function acquireInstance(key: string, recipe: string[]): Promise<Lease> {
  recipes.set(key, recipe);
  lastRequest = Date.now();
  let inst = takeIdle(key);
  // This dataset's instance is still checking itself after the previous run (milliseconds, longer in a worker's
  // first runs): waiting for it beats loading a second instance of the same dataset.
  while (!inst && (checking.get(key) ?? 0) > 0) {
    await nextParked(CLEANUP_TIMEOUT_MS);
    inst = takeIdle(key);
  }
  if (!inst) {
    const pending = restoring.get(key);
    const p = pending?.shift();
    if (p) inst = await p.catch(() => undefined);
  }
  inst ??= await spawn(key, recipe);
  busyCount.set(key, (busyCount.get(key) ?? 0) + 1);
  return makeLease(inst);
}

function makeLease(inst: Instance): Lease {
  let discarded = false;
  let released = false;
  return {
    key: inst.key,
    get lost() {
      return inst.dead;
    },
    async call(req, options) {
      if (released) throw new Error('lease released');
      const out = await inst.call(req, options);
      if (out.kind !== 'ok') restoreInBackground(inst.key);
      return out;
    },
    discard() {
      discarded = true;
    },
    async release() {
      if (released) return;
      released = true;
      // A cleanup that follows its run's reply decides, as the synchronous one does, whether the instance is reused.
      const cleaning = inst.cleaning;
      inst.cleaning = undefined;
      const key = inst.key;
      if (cleaning) {
        checking.set(key, (checking.get(key) ?? 0) + 1);
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<{ clean: boolean }>((resolve) => (timer = setTimeout(() => resolve({ clean: false }), CLEANUP_TIMEOUT_MS)));
        const c = await Promise.race([cleaning, timedOut]);
        clearTimeout(timer);
        checking.set(key, (checking.get(key) ?? 1) - 1);
        if (!c.clean) discarded = true;
      }
      busyCount.set(key, (busyCount.get(key) ?? 1) - 1);
      if (discarded || inst.dead) {
        inst.kill();
        restoreInBackground(key);
        wakeWaiters();
      } else {
        parkIdle(inst);
      }
    },
  };
}

/** Terminate every worker (tests, shutdown). Pending restorations are awaited and terminated too. */
export async function closePgliteHost(): Promise<void> {
  if (idleTimer) clearInterval(idleTimer);
  idleTimer = undefined;
  const pending = [...restoring.values()].flat().concat(spares.splice(0));
  restoring.clear();
  for (const inst of idle.splice(0)) inst.kill();
  for (const p of pending) (await p.catch(() => undefined))?.kill();
}

/** For tests and benchmarks: what the pool holds right now. */
export function pgliteHostStats(): { idle: number; restoring: number; keys: string[]; live: number; maxInstances: number } {
  return {
    live: live.size,
    maxInstances: MAX_INSTANCES,
    idle: idle.length,
    restoring: [...restoring.values()].reduce((n, l) => n + l.length, 0),
    keys: idle.map((i) => i.key),
  };
}
