// The isolated-vm wrapper: one isolate and ONE context per submission. Trusted setup code (a kind's
// harness) runs first, then every built-in reachable from the global object is frozen, so the
// candidate's module — instantiated afresh by the harness for every test — cannot leave anything
// behind for the next test or reach the host. Only strings cross the boundary: the host holds the
// References, the isolate only ever sees plain functions that take and return strings.
import { randomBytes } from 'node:crypto';
import ivm from 'isolated-vm';
import { OutputBudget, type OutputCharge } from './outputBudget';

/** What the harness's setup function receives (inside the isolate) as its only argument. */
const PRELUDE = String.raw`
const sandboxPrelude = (function (hostLog, hostCallRef, outputBytes, hostSeed) {
  'use strict';
  // WebAssembly memory lives outside the isolate's heap limit, SharedArrayBuffer and Atomics could block
  // the thread, and Intl is the largest graph of built-ins to freeze: a handler needs none of them.
  delete globalThis.WebAssembly;
  delete globalThis.SharedArrayBuffer;
  delete globalThis.Atomics;
  delete globalThis.Intl;
  // A FinalizationRegistry's callback runs whenever the collector gets to it, in a later test as well, with the
  // closure of the test that registered it: it could log one test's request into another's console.
  delete globalThis.FinalizationRegistry;
  // RegExp's legacy statics (RegExp.input, $_, $1…$9, lastMatch, leftContext, rightContext, lastParen) hold the last
  // match of ANY regular expression in the isolate, the harness's router included: a test would read the path of the
  // request before it. Only length, name, prototype and @@species are standard.
  for (const key of Object.getOwnPropertyNames(RegExp)) {
    if (key !== 'length' && key !== 'name' && key !== 'prototype') delete RegExp[key];
  }
  const stringify = JSON.stringify;
  const RealDate = Date;

  // Math.random: V8's generator is one stream per isolate whose state its outputs reveal, so a test could pass
  // information to a later one through how many numbers it drew. Each test draws from its own generator (sfc32),
  // seeded by the host (crypto) at the test's first call; resetConsole() (a test starts) drops the seed.
  let seeded = false;
  let ra = 0, rb = 0, rc = 0, rd = 0;
  const next32 = (function next32() {
    let t = (ra + rb) | 0;
    ra = rb ^ (rb >>> 9);
    rb = (rc + (rc << 3)) | 0;
    rc = (rc << 21) | (rc >>> 11);
    rd = (rd + 1) | 0;
    t = (t + rd) | 0;
    rc = (rc + t) | 0;
    return t >>> 0;
  });
  Math.random = (function random() {
    if (!seeded) {
      const hex = String(hostSeed());
      ra = parseInt(hex.slice(0, 8), 16) | 0;
      rb = parseInt(hex.slice(8, 16), 16) | 0;
      rc = parseInt(hex.slice(16, 24), 16) | 0;
      rd = parseInt(hex.slice(24, 32), 16) | 0;
      seeded = true;
      for (let i = 0; i < 12; i++) next32();
    }
    return ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
  });

  // The test's output budget inside the isolate. The host keeps the exact count (runner/outputBudget.ts, in UTF-8
  // bytes); this one (in UTF-16 units, never more than the bytes) makes the harness refuse to build anything over
  // what is left, so a 100 MB header or error message is cut here and never copied out. Reset by resetConsole(),
  // which the harness calls when a test starts.
  let room = outputBytes;
  // A lower bound of the JSON text of a value the harness built (strings, numbers, plain objects and arrays),
  // computed without building that text.
  const sizeOf = (function sizeOf(value, depth) {
    if (typeof value === 'string') return value.length;
    if (value === null || typeof value !== 'object' || depth > 6) return typeof value === 'number' ? 1 : 0;
    if (ArrayBuffer.isView(value)) return value.byteLength;
    let n = 0;
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length && n <= room; i++) n += keys[i].length + sizeOf(value[keys[i]], depth + 1);
    return n;
  });
  // What the harness returns to the host goes through here: JSON text within what is left of the budget, or an overflow.
  const send = (function send(value) {
    const lower = sizeOf(value, 0);
    if (lower <= room) {
      const text = stringify(value);
      if (text.length <= room) {
        room -= text.length;
        return text;
      }
    }
    const left = room;
    room = 0;
    return stringify({
      overflow: 'output over the ' + outputBytes + ' byte limit: this response (status line, headers, body and error text) is at least ' +
        lower + ' bytes and ' + left + ' were left for this test (console output counts too)',
    });
  });
  let clock = 0;

  // Date follows the deterministic clock the tests set; Math.random stays random (per test, above).
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
    // A line over what is left crosses cut to one unit more than that: enough for the host to keep what fits and
    // see the overflow, never a 100 MB copy.
    if (line.length > room ? (hostLog(line.slice(0, room + 1), true), true) : hostLog(line, false) !== true) {
      room = 0;
      throw new RangeError('console output limit exceeded (' + outputBytes + ' bytes)');
    }
    room -= line.length;
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

  // Intrinsics that no property path from the global object reaches, only syntax: iterators, generators, async
  // functions, strict arguments. Roots of the lockdown after the global object, always in this order (the plan
  // refers to roots by index). %AsyncFromSyncIteratorPrototype% is not reachable by any code; template objects
  // are frozen by the language; %ThrowTypeError% is also Function.prototype's caller accessor; both kinds of
  // arguments objects inherit from Object.prototype.
  const syntaxIntrinsics = (function syntaxIntrinsics() {
    const proto = Object.getPrototypeOf;
    const gen = (function* gen() {});
    const asyncFn = (async function asyncFn() {});
    const asyncGen = (async function* asyncGen() {});
    const strictArguments = (function () { return arguments; })();
    const arrayIterator = proto([][Symbol.iterator]());
    return [
      arrayIterator, // %ArrayIteratorPrototype%
      proto(arrayIterator), // %IteratorPrototype%
      proto(''[Symbol.iterator]()), // %StringIteratorPrototype%
      proto(new Map()[Symbol.iterator]()), // %MapIteratorPrototype%
      proto(new Set()[Symbol.iterator]()), // %SetIteratorPrototype%
      proto(/./[Symbol.matchAll]('')), // %RegExpStringIteratorPrototype%
      proto(gen), // %GeneratorFunction.prototype% (its constructor is %GeneratorFunction%)
      proto(gen.prototype), // %GeneratorPrototype%
      proto(asyncFn), // %AsyncFunction.prototype%
      proto(asyncGen), // %AsyncGeneratorFunction.prototype%
      proto(asyncGen.prototype), // %AsyncGeneratorPrototype%
      proto(proto(asyncGen.prototype)), // %AsyncIteratorPrototype%
      Object.getOwnPropertyDescriptor(strictArguments, 'callee').get, // %ThrowTypeError%
    ];
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
      // A test starts: its whole output budget is available again.
      resetConsole: (function () { room = outputBytes; seeded = false; }),
      hostCall,
      outputBytes,
      send,
    }),
    intrinsics: syntaxIntrinsics(),
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
  return `(function (hostLog, hostCall, outputBytes, plan, check, hostSeed) {
    ${PRELUDE}
    const p = sandboxPrelude(hostLog, hostCall, outputBytes, hostSeed);
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
      const api = setup.applySync(undefined, [log, hostCall, options.outputBytes, plan, check, seed], {
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
