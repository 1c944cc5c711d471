// The isolated-vm wrapper: one isolate and ONE context per submission. Trusted setup code (a kind's
// harness) runs first, then every built-in reachable from the global object is frozen, so the
// candidate's module — instantiated afresh by the harness for every test — cannot leave anything
// behind for the next test or reach the host. Only strings cross the boundary: the host holds the
// References, the isolate only ever sees plain functions that take and return strings.
import ivm from 'isolated-vm';

/** What the harness's setup function receives (inside the isolate) as its only argument. */
const PRELUDE = String.raw`
const sandboxPrelude = (function (hostLog, hostCallRef, outputBytes) {
  'use strict';
  // WebAssembly memory lives outside the isolate's heap limit, SharedArrayBuffer and Atomics could block
  // the thread, and Intl is the largest graph of built-ins to freeze: a handler needs none of them.
  delete globalThis.WebAssembly;
  delete globalThis.SharedArrayBuffer;
  delete globalThis.Atomics;
  delete globalThis.Intl;
  const stringify = JSON.stringify;
  const RealDate = Date;
  let clock = 0;

  // Date follows the deterministic clock the tests set; Math.random stays random.
  const ClockDate = function Date(...args) {
    if (new.target === undefined) return new RealDate(clock).toString();
    return Reflect.construct(RealDate, args.length === 0 ? [clock] : args, new.target);
  };
  Object.defineProperty(ClockDate, 'prototype', { value: RealDate.prototype, writable: false });
  ClockDate.now = function now() { return clock; };
  ClockDate.parse = RealDate.parse;
  ClockDate.UTC = RealDate.UTC;
  Object.defineProperty(RealDate.prototype, 'constructor', { value: ClockDate, writable: true, configurable: true });
  globalThis.Date = ClockDate;

  const format = (function format(value) {
    if (typeof value === 'string') return value;
    try {
      if (value instanceof Error) return String(value.stack || value);
      const json = stringify(value);
      return json === undefined ? String(value) : json;
    } catch (e) {
      try { return String(value); } catch (e2) { return '[unprintable]'; }
    }
  });
  const write = (function write(level, args) {
    let line = '';
    for (let i = 0; i < args.length; i++) line += (i ? ' ' : '') + format(args[i]);
    line = (level === 'log' ? '' : level + ': ') + line + '\n';
    // The host keeps the count (it owns the buffer) and says when the cap is reached.
    if (hostLog(line) !== true) throw new RangeError('console output limit exceeded (' + outputBytes + ' bytes)');
  });
  const consoleObject = {};
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
    consoleObject[level] = (function (...args) { write(level, args); });
  }
  globalThis.console = consoleObject;

  // Assigning to a property a frozen prototype holds (err.name = ..., obj.toString = ...) would throw
  // in strict code (the "override mistake"); these accessors give the instance its own property instead.
  const tame = (function tame(proto, key) {
    const d = Object.getOwnPropertyDescriptor(proto, key);
    if (!d || !('value' in d) || !d.configurable) return;
    const value = d.value;
    Object.defineProperty(proto, key, {
      get: (function () { return value; }),
      set: (function (v) {
        if (this === proto) throw new TypeError('Cannot assign to read only property ' + String(key) + ' of a built-in');
        Object.defineProperty(this, key, { value: v, writable: true, enumerable: true, configurable: true });
      }),
      enumerable: d.enumerable,
      configurable: false,
    });
  });
  for (const key of ['constructor', 'toString', 'valueOf', 'toLocaleString', 'hasOwnProperty', 'toJSON']) tame(Object.prototype, key);
  for (const E of [Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError, AggregateError]) {
    for (const key of ['name', 'message', 'constructor', 'toString']) tame(E.prototype, key);
  }
  for (const P of [Function.prototype, Array.prototype, Promise.prototype, RealDate.prototype, RegExp.prototype, Map.prototype, Set.prototype]) {
    for (const key of ['constructor', 'toString', 'toJSON']) tame(P, key);
  }

  const hostCall = (function hostCall(name, json) {
    return hostCallRef.apply(undefined, [String(name), String(json)], { arguments: { copy: true }, result: { promise: true, copy: true } });
  });

  // Freezes every object reachable from the roots (own properties, accessors, prototypes). The full
  // walk reads every property descriptor (~2 ms); it also returns a plan, the path to each object it
  // found, with which later sandboxes of this process, whose graph is the same, freeze the same objects
  // reading one descriptor per object.
  const lockdown = (function lockdown(roots, planJson) {
    if (planJson) {
      const plan = JSON.parse(planJson);
      const objects = roots.slice();
      for (let i = 0; i < plan.length; i += 3) {
        const parent = objects[plan[i]];
        const how = plan[i + 1];
        const code = plan[i + 2];
        const key = code[0] === '@' ? Symbol[code.slice(1)] : code.slice(1);
        let o;
        if (how === 3) o = Object.getPrototypeOf(parent);
        else if (how === 0) o = Object.getOwnPropertyDescriptor(parent, key).value;
        else { const d = Object.getOwnPropertyDescriptor(parent, key); o = how === 1 ? d.get : d.set; }
        objects.push(o);
      }
      for (let i = 0; i < objects.length; i++) Object.freeze(objects[i]);
      return '';
    }
    const { found, plan, planned } = reachable(roots);
    for (let i = 0; i < found.length; i++) Object.freeze(found[i]);
    return planned ? JSON.stringify(plan) : '';
  });

  // Every object reachable from the roots, in discovery order, and the plan: for each object after the
  // roots, [index of the object it was found on, how (0 value, 1 getter, 2 setter, 3 prototype), key].
  // A symbol key that is not a well-known symbol makes the graph unplannable.
  const reachable = (function reachable(roots) {
    const wellKnown = new Map();
    for (const name of Object.getOwnPropertyNames(Symbol)) if (typeof Symbol[name] === 'symbol') wellKnown.set(Symbol[name], name);
    const index = new Map();
    const found = roots.slice();
    const plan = [];
    let planned = true;
    for (let i = 0; i < roots.length; i++) index.set(roots[i], i);
    const visit = (o, parent, how, key) => {
      if ((typeof o !== 'object' && typeof o !== 'function') || o === null || index.has(o)) return;
      let code;
      if (typeof key === 'symbol') {
        const name = wellKnown.get(key);
        if (name === undefined) planned = false;
        code = '@' + name;
      } else code = 's' + key;
      index.set(o, found.length);
      found.push(o);
      plan.push(parent, how, code);
    };
    for (let n = 0; n < found.length; n++) {
      const o = found[n];
      const keys = Reflect.ownKeys(o);
      for (let i = 0; i < keys.length; i++) {
        const d = Object.getOwnPropertyDescriptor(o, keys[i]);
        if ('value' in d) visit(d.value, n, 0, keys[i]);
        else { visit(d.get, n, 1, keys[i]); visit(d.set, n, 2, keys[i]); }
      }
      visit(Object.getPrototypeOf(o), n, 3, '');
    }
    return { found, plan, planned };
  });

  // How many objects reachable from the roots are not frozen (the check of a plan, once per process).
  const unfrozen = (function unfrozen(roots) {
    return reachable(roots).found.filter((o) => !Object.isFrozen(o)).length;
  });

  // Entries answer synchronously when they can (applySync is ~5x cheaper than an async call); one
  // that returns a promise answers PENDING, and the host then polls once and finally awaits it.
  const PENDING = '\u0000pending';
  let pending = null;
  let settled = null;
  const wrapEntries = (function wrapEntries(api) {
    const out = {};
    for (const name of Object.keys(api)) {
      const fn = api[name];
      out[name] = (function (arg) {
        pending = null;
        settled = null;
        const value = fn(arg);
        if (value === null || typeof value !== 'object' || typeof value.then !== 'function') return value;
        pending = Promise.resolve(value).then(
          (v) => { settled = { ok: true, v }; return v; },
          (e) => { settled = { ok: false, e }; throw e; });
        pending.catch(() => undefined);
        return PENDING;
      });
    }
    out.__poll = (function () {
      if (settled === null) return PENDING;
      if (settled.ok) return settled.v;
      throw settled.e;
    });
    out.__wait = (function () { return pending; });
    return out;
  });

  return {
    wrapEntries,
    sandbox: Object.freeze({
      setNow: (function (ms) { clock = ms; }),
      resetConsole: (function () {}),
      hostCall,
      outputBytes,
    }),
    lockdown,
    unfrozen,
  };
});
`;

export type CallFailure = 'timeout' | 'memory' | 'disposed' | 'error';

export type CallResult =
  | { ok: true; value: string; cpuMs: number; wallMs: number }
  | { ok: false; failure: CallFailure; message: string; cpuMs: number; wallMs: number };

export interface SandboxOptions {
  memoryMb: number;
  /** Cap on console output between two takeConsole() calls; harnesses also cap what they return by it. */
  outputBytes: number;
  /**
   * Trusted source of a function expression `(function (sandbox) { ...; return { name: fn } })` run
   * before lockdown. The functions it returns are what call() reaches; `sandbox` offers setNow(ms),
   * resetConsole(), hostCall(name, json) -> Promise<string>, outputBytes.
   */
  harness: string;
  /** Host functions the harness may reach through sandbox.hostCall(name, json). Must not throw. */
  hostFunctions?: Record<string, (json: string) => Promise<string>>;
}

const PENDING = '\u0000pending';
const ERROR_MEMORY = /memory limit/i;
const ERROR_TIMEOUT = /Script execution timed out/i;

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
  return `(function (hostLog, hostCall, outputBytes, plan, check) {
    ${PRELUDE}
    const p = sandboxPrelude(hostLog, hostCall, outputBytes);
    const entries = (${harness})(p.sandbox);
    // What the harness keeps outside the global object but hands to candidate code (its modules) is frozen too.
    const extraRoots = Array.isArray(entries.__freeze) ? entries.__freeze : [];
    delete entries.__freeze;
    const api = p.wrapEntries(entries);
    const names = Object.keys(api);
    const roots = [globalThis, api].concat(extraRoots);
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

  private constructor(
    private readonly isolate: ivm.Isolate,
    private readonly context: ivm.Context,
    private readonly entries: Map<string, ivm.Reference<(...args: string[]) => unknown>>,
    private readonly options: SandboxOptions,
  ) {}

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
      const hostCall = new ivm.Reference(async (name: string, json: string): Promise<string> => {
        const fn = Object.prototype.hasOwnProperty.call(hostFunctions, name) ? hostFunctions[name] : undefined;
        if (!fn) return JSON.stringify({ error: `unknown host function ${name}` });
        try {
          return await fn(json);
        } catch (err) {
          return JSON.stringify({ error: err instanceof Error ? err.message : 'host call failed' });
        }
      });
      const entries = new Map<string, ivm.Reference<(...args: string[]) => unknown>>();
      const sandbox = new Sandbox(isolate, context, entries, options);
      const log = new ivm.Callback((line: string) => sandbox.appendConsole(String(line)));
      const state = setupState(options.harness);
      const setup = compileSetup(isolate, state).runSync(context, { reference: true, timeout: 2000 }) as ivm.Reference<
        (...args: unknown[]) => unknown
      >;
      const plan = state.planBroken ? '' : (state.plan ?? '');
      const check = plan !== '' && !state.planChecked;
      const api = setup.applySync(undefined, [log, hostCall, options.outputBytes, plan, check], {
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

  /** Returns false once the cap is reached: the isolate's console then throws. */
  private appendConsole(line: string): boolean {
    if (this.consoleOverflow) return false;
    const room = this.options.outputBytes - this.consoleText.length;
    if (line.length > room) {
      this.consoleOverflow = true;
      this.consoleText += line.slice(0, Math.max(0, room));
      return false;
    }
    this.consoleText += line;
    return true;
  }

  /** The console output since the last call, and whether it went over the cap. */
  takeConsole(): { text: string; overflow: boolean } {
    const out = { text: this.consoleText, overflow: this.consoleOverflow };
    this.consoleText = '';
    this.consoleOverflow = false;
    return out;
  }

  /**
   * Compile `source` as the body of `function (exports, module, require)` and hand that function to
   * the harness entry `entry`. Syntax errors surface as a thrown Error with the source's own line.
   */
  async loadModule(entry: string, source: string, filename: string): Promise<CallResult> {
    let factory: ivm.Reference<unknown>;
    try {
      factory = this.context.evalClosureSync(`return function (exports, module, require) {\n${source}\n};`, [], {
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
