// The isolated-vm wrapper: one isolate and ONE context per submission. Trusted setup code (a kind's
// harness) runs first, then every built-in reachable from the global object is frozen, so the
// candidate's module — instantiated afresh by the harness for every test — cannot leave anything
// behind for the next test or reach the host. Only strings cross the boundary: the host holds the
// References, the isolate only ever sees plain functions that take and return strings.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';
import ivm from 'isolated-vm';
import { OutputBudget, type OutputCharge } from './outputBudget';

/**
 * The prelude (./sandboxPrelude.ts) as the isolate runs it: compiled on its own, once per process, into a script
 * that defines `sandboxPrelude`. It is a real file so the type checker reads it like the rest of the runner.
 */
let preludeSource: string | undefined;
function prelude(): string {
  if (preludeSource === undefined) {
    const file = fileURLToPath(new URL('./sandboxPrelude.ts', import.meta.url));
    const { code } = transformSync(readFileSync(file, 'utf8'), { loader: 'ts', format: 'iife', globalName: 'sandboxPreludeModule', target: 'es2022', sourcefile: 'assay:prelude' });
    preludeSource = `${code}\nconst sandboxPrelude = sandboxPreludeModule.sandboxPrelude;`;
  }
  return preludeSource;
}

export type CallFailure = 'timeout' | 'memory' | 'disposed' | 'error';

export type CallResult =
  | { ok: true; value: string; cpuMs: number; wallMs: number }
  | { ok: false; failure: CallFailure; message: string; cpuMs: number; wallMs: number };

export interface SandboxOptions {
  memoryMb: number;
  /**
   * Cap on what a test sends back: the harness's in-isolate budget (sandbox.send) and, unless beginTest()
   * gave the test's own budget, the console output between two takeConsole() calls.
   */
  outputBytes: number;
  /**
   * Trusted source of a function expression `(function (sandbox) { ...; return { name: fn } })` run
   * before lockdown. The functions it returns are what call() reaches; `sandbox` offers setNow(ms),
   * resetConsole() (a test starts: the output budget is full again), hostCall(name, json) -> Promise<string>,
   * send(value) -> the JSON text to return, or an {overflow} one when it is over the budget left, outputBytes.
   */
  harness: string;
  /** The seed (32 hex digits) of a test's Math.random; random by default, fixed only by the runner's own tests. */
  randomSeed?: () => string;
  /** Host functions the harness may reach through sandbox.hostCall(name, json). Must not throw. */
  hostFunctions?: Record<string, (json: string) => Promise<string>>;
}

const PENDING = '\u0000pending';
const ERROR_MEMORY = /memory limit/i;
const ERROR_TIMEOUT = /Script execution timed out/i;

/** The algorithms sandbox.digest() takes (a harness maps Node's names and aliases onto these). */
export const DIGEST_ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;

/**
 * sandbox.digest(): a pure function of its arguments. They arrive copied (strings, Uint8Arrays); anything else
 * is refused before any work is done.
 */
/** Encodings sandbox.digest() answers in as a string (anything else: the bytes). */
const DIGEST_ENCODINGS = ['hex', 'base64', 'base64url', 'latin1', 'binary'] as const;

function hostDigest(algorithm: string, chunks: unknown, key: unknown, encoding: unknown): Uint8Array | string {
  if (!(DIGEST_ALGORITHMS as readonly string[]).includes(algorithm)) throw new Error('Digest method not supported');
  if (!Array.isArray(chunks)) throw new TypeError('digest chunks must be an array');
  const bytes = (value: unknown): string | Uint8Array => {
    if (typeof value === 'string' || value instanceof Uint8Array) return value;
    throw new TypeError('digest input must be a string or a Uint8Array');
  };
  const hash = key === null ? createHash(algorithm) : createHmac(algorithm, bytes(key));
  for (const chunk of chunks) hash.update(bytes(chunk));
  const digest = hash.digest();
  return (DIGEST_ENCODINGS as readonly unknown[]).includes(encoding) ? digest.toString(encoding as BufferEncoding) : new Uint8Array(digest);
}

function ms(ns: bigint): number {
  return Number(ns) / 1e6;
}

/**
 * What this process learnt about one harness's setup script: V8's code cache of it (a new isolate then
 * skips parsing and compiling; the functions are parenthesized so V8 compiles them eagerly and the
 * cache holds them), and the lockdown plan from the first sandbox's full walk, checked once by a full
 * walk after the second sandbox used it (a plan that missed anything is dropped for good).
 */
interface SetupState {
  source: string;
  cachedData?: ivm.ExternalCopy<ArrayBuffer>;
  /** The cache was re-made from an isolate the harness had run in (refreshCodeCache). */
  warmCache?: boolean;
  plan?: string;
  planChecked: boolean;
  planBroken: boolean;
}
const setups = new Map<string, SetupState>();

function setupState(harness: string): SetupState {
  let state = setups.get(harness);
  if (!state) {
    state = { source: setupSource(harness), planChecked: false, planBroken: false };
    setups.set(harness, state);
  }
  return state;
}

function setupSource(harness: string): string {
  return `(function (hostLog, hostCall, outputBytes, plan, check, hostSeed, hostDigest) {
    ${prelude()}
    const p = sandboxPrelude(hostLog, hostCall, outputBytes, hostSeed, hostDigest);
    const entries = (${harness})(p.sandbox);
    // What the harness keeps outside the global object but hands to candidate code (its modules) is frozen too.
    const extraRoots = Array.isArray(entries.__freeze) ? entries.__freeze : [];
    delete entries.__freeze;
    const api = p.wrapEntries(entries);
    const names = Object.keys(api);
    const roots = [globalThis, api].concat(p.intrinsics, extraRoots);
    const newPlan = p.lockdown(roots, plan);
    let unfrozen = 0;
    if (check) {
      unfrozen = p.unfrozen(roots);
      if (unfrozen > 0) p.lockdown(roots, '');
    }
    return { names: names.join(','), api, plan: newPlan, unfrozen };
  })`;
}

type CompiledScript = ivm.Script & ivm.CachedDataResult & { cachedDataRejected?: boolean };

function compileSetup(isolate: ivm.Isolate, state: SetupState): ivm.Script {
  if (state.cachedData) {
    const script = isolate.compileScriptSync(state.source, { filename: 'assay:harness', cachedData: state.cachedData }) as CompiledScript;
    if (!script.cachedDataRejected) return script;
  }
  const script = isolate.compileScriptSync(state.source, { filename: 'assay:harness', produceCachedData: true }) as CompiledScript;
  if (script.cachedData) state.cachedData = script.cachedData;
  return script;
}

export class Sandbox {
  private consoleText = '';
  private consoleOverflow = false;
  private killedForWall = false;
  /** What console output is charged to: the test's budget (beginTest), or a cap renewed by takeConsole(). */
  private budget: OutputCharge;
  private ownBudget = true;
  /** Bumped when a test begins or ends: a host call's answer never enters a test other than its own. */
  private generation = 0;

  private constructor(
    private readonly isolate: ivm.Isolate,
    private readonly context: ivm.Context,
    private readonly entries: Map<string, ivm.Reference<(...args: string[]) => unknown>>,
    private readonly options: SandboxOptions,
  ) {
    this.budget = new OutputBudget(options.outputBytes);
  }

  /**
   * Everything here is synchronous: each async isolated-vm call hops to a thread-pool thread and back
   * (~0.3 ms), which is most of the cost of these short steps.
   */
  static createSync(options: SandboxOptions): Sandbox {
    // No onCatastrophicError: measured with isolated-vm 5.0.4, a handler deadlocks the process when the
    // fatal error happens during applySync (a memory bomb then hangs instead of aborting). V8's own
    // abort (exit 134) is what runner/pool.ts detects and recovers from.
    const isolate = new ivm.Isolate({ memoryLimit: options.memoryMb });
    try {
      const context = isolate.createContextSync();
      const hostFunctions = options.hostFunctions ?? {};
      const entries = new Map<string, ivm.Reference<(...args: string[]) => unknown>>();
      const sandbox = new Sandbox(isolate, context, entries, options);
      const hostCall = new ivm.Reference(async (name: string, json: string): Promise<string> => {
        const generation = sandbox.generation;
        const fn = Object.prototype.hasOwnProperty.call(hostFunctions, name) ? hostFunctions[name] : undefined;
        let answer: string;
        if (!fn) answer = JSON.stringify({ error: `unknown host function ${name}` });
        else {
          try {
            answer = await fn(json);
          } catch (err) {
            answer = JSON.stringify({ error: err instanceof Error ? err.message : 'host call failed' });
          }
        }
        // A query a test left pending would wake its code up during a later test (and could log that test's
        // data into its console): the answer of an ended test never arrives. The isolate's dispose ends the wait.
        if (generation !== sandbox.generation) return new Promise<string>(() => undefined);
        return answer;
      });
      const log = new ivm.Callback((line: string, cut: boolean) => sandbox.appendConsole(String(line), cut === true));
      const state = setupState(options.harness);
      const setup = compileSetup(isolate, state).runSync(context, { reference: true, timeout: 2000 }) as ivm.Reference<
        (...args: unknown[]) => unknown
      >;
      const plan = state.planBroken ? '' : (state.plan ?? '');
      const check = plan !== '' && !state.planChecked;
      const seed = new ivm.Callback(() => (options.randomSeed ? options.randomSeed() : randomBytes(16).toString('hex')));
      const api = setup.applySync(undefined, [log, hostCall, options.outputBytes, plan, check, seed, new ivm.Callback(hostDigest)], {
        result: { reference: true },
        timeout: 2000,
      }) as unknown as ivm.Reference<{ names: string; api: Record<string, unknown>; plan: string; unfrozen: number }>;
      if (plan === '' && !state.planBroken) state.plan = (api.getSync('plan', { copy: true }) as string) || undefined;
      if (check) {
        state.planChecked = true;
        if ((api.getSync('unfrozen', { copy: true }) as number) > 0) {
          state.planBroken = true;
          state.plan = undefined;
        }
      }
      const names = api.getSync('names', { copy: true }) as string;
      const apiRef = api.getSync('api', { reference: true }) as ivm.Reference<Record<string, unknown>>;
      for (const name of names.split(',').filter(Boolean)) {
        entries.set(name, apiRef.getSync(name, { reference: true }) as ivm.Reference<(...args: string[]) => unknown>);
      }
      return sandbox;
    } catch (err) {
      if (!isolate.isDisposed) isolate.dispose();
      throw err;
    }
  }

  /**
   * Re-makes this process's code cache of the harness in this sandbox's isolate, once per process: compiling
   * the same source again hits V8's in-isolate compilation cache, whose functions include every one the
   * harness has run so far (its requests' paths), which a cache made at first compile lacks. A large
   * harness (the API kind's Express bundle) is otherwise compiled function by function in every isolate.
   */
  refreshCodeCache(): void {
    const state = setupState(this.options.harness);
    if (state.warmCache || this.isolate.isDisposed) return;
    state.warmCache = true;
    const script = this.isolate.compileScriptSync(state.source, { filename: 'assay:harness', produceCachedData: true }) as CompiledScript;
    if (script.cachedData) state.cachedData = script.cachedData;
  }

  get disposed(): boolean {
    return this.isolate.isDisposed;
  }

  /** Total CPU time of the isolate so far, in ms. */
  get cpuMs(): number {
    return this.isolate.isDisposed ? 0 : ms(this.isolate.cpuTime);
  }

  /**
   * A test begins: its console output (and everything else the kind charges) counts against `budget`, the
   * console starts empty, and host calls still pending from earlier tests never answer.
   */
  beginTest(budget: OutputCharge): void {
    this.budget = budget;
    this.ownBudget = false;
    this.consoleText = '';
    this.consoleOverflow = false;
    this.generation++;
  }

  /** Returns false once the budget is spent: the isolate's console then throws. `cut`: the isolate already refused the line. */
  private appendConsole(line: string, cut: boolean): boolean {
    if (this.consoleOverflow) return false;
    const room = this.budget.left;
    if (!this.budget.charge(Buffer.byteLength(line, 'utf8')) || cut) {
      this.consoleOverflow = true;
      this.consoleText += Buffer.from(line, 'utf8').subarray(0, room).toString('utf8').replace(/\uFFFD$/, '');
      return false;
    }
    this.consoleText += line;
    return true;
  }

  /** The console output since the last call (the end of a test), and whether it went over the budget. */
  takeConsole(): { text: string; overflow: boolean } {
    const out = { text: this.consoleText, overflow: this.consoleOverflow };
    this.consoleText = '';
    this.consoleOverflow = false;
    this.generation++;
    if (this.ownBudget) this.budget = new OutputBudget(this.options.outputBytes);
    return out;
  }

  /**
   * Compile `source` as the body of `function (exports, module, require)` and hand that function to
   * the harness entry `entry`. Syntax errors surface as a thrown Error with the source's own line.
   */
  async loadModule(entry: string, source: string, filename: string): Promise<CallResult> {
    let factory: ivm.Reference<unknown>;
    try {
      // Frozen, with its prototype object: the same factory is instantiated for every test, and the module's code
      // reaches it (arguments.callee), so a property set on it would carry state from one test to the next.
      factory = this.context.evalClosureSync(`return (function (f) { Object.freeze(f.prototype); return Object.freeze(f); })(function (exports, module, require) {\n${source}\n});`, [], {
        result: { reference: true },
        timeout: 2000,
        filename,
        lineOffset: -1,
      }) as ivm.Reference<unknown>;
    } catch (err) {
      return this.failure(err, 0, 0);
    }
    const fn = this.entries.get(entry);
    if (!fn) throw new Error(`harness has no entry ${entry}`);
    try {
      fn.applySync(undefined, [factory.derefInto({ release: true }) as never], { timeout: 2000 });
      return { ok: true, value: '', cpuMs: 0, wallMs: 0 };
    } catch (err) {
      return this.failure(err, 0, 0);
    }
  }

  /**
   * Call a harness entry with one string; it returns a string or a Promise of one. `timeoutMs` bounds
   * each entry into the isolate, microtasks included (isolated-vm's timeout); `wallMs` bounds the whole
   * call, continuations after host calls included: when it passes, the isolate is disposed.
   */
  async call(entry: string, arg: string, limits: { timeoutMs: number; wallMs: number }): Promise<CallResult> {
    const fn = this.entries.get(entry);
    if (!fn) throw new Error(`harness has no entry ${entry}`);
    if (this.isolate.isDisposed) return { ok: false, failure: 'disposed', message: 'the sandbox was disposed', cpuMs: 0, wallMs: 0 };
    const cpu0 = this.isolate.cpuTime;
    const t0 = performance.now();
    const timeout = Math.max(1, Math.ceil(limits.timeoutMs));
    const done = (value: unknown): CallResult => {
      const cpuMs = ms(this.isolate.cpuTime - cpu0);
      const wallMs = performance.now() - t0;
      if (typeof value !== 'string') return { ok: false, failure: 'error', message: 'the harness returned a non-string', cpuMs, wallMs };
      return { ok: true, value, cpuMs, wallMs };
    };
    try {
      let value = fn.applySync(undefined, [arg], { arguments: { copy: true }, result: { copy: true }, timeout });
      if (value === PENDING) {
        const remaining = timeout - (performance.now() - t0);
        value = this.entries.get('__poll')!.applySync(undefined, [], { result: { copy: true }, timeout: Math.max(1, Math.ceil(remaining)) });
      }
      if (value !== PENDING) return done(value);
    } catch (err) {
      return this.failure(err, this.isolate.isDisposed ? 0 : ms(this.isolate.cpuTime - cpu0), performance.now() - t0);
    }
    // Still waiting: only a host call (a database query) can wake it up now.
    const pending = this.entries.get('__wait')!.apply(undefined, [], {
      result: { promise: true, copy: true },
      timeout,
    }) as Promise<unknown>;
    let timer: NodeJS.Timeout | undefined;
    const wall = new Promise<'wall'>((resolve) => {
      timer = setTimeout(() => resolve('wall'), Math.max(1, limits.wallMs - (performance.now() - t0)));
    });
    try {
      const settled = await Promise.race([
        pending.then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        ),
        wall,
      ]);
      if (settled === 'wall') {
        pending.catch(() => undefined);
        this.killedForWall = true;
        this.dispose();
        return { ok: false, failure: 'timeout', message: `no answer within ${Math.round(limits.wallMs)} ms of wall time`, cpuMs: limits.timeoutMs, wallMs: performance.now() - t0 };
      }
      if ('error' in settled) return this.failure(settled.error, this.isolate.isDisposed ? 0 : ms(this.isolate.cpuTime - cpu0), performance.now() - t0);
      return done(settled.value);
    } finally {
      clearTimeout(timer);
    }
  }

  private failure(err: unknown, cpuMs: number, wallMs: number): CallResult {
    const message = err instanceof Error ? err.message : String(err);
    if (ERROR_MEMORY.test(message)) return { ok: false, failure: 'memory', message: 'memory limit exceeded', cpuMs, wallMs };
    if (ERROR_TIMEOUT.test(message)) return { ok: false, failure: 'timeout', message: 'CPU time limit exceeded', cpuMs, wallMs };
    if (this.isolate.isDisposed) {
      return { ok: false, failure: this.killedForWall ? 'timeout' : 'disposed', message: 'the sandbox was disposed', cpuMs, wallMs };
    }
    return { ok: false, failure: 'error', message, cpuMs, wallMs };
  }

  dispose(): void {
    if (!this.isolate.isDisposed) {
      try {
        this.isolate.dispose();
      } catch {
        // already disposed by the memory limit
      }
    }
  }
}
