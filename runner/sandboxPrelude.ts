// The sandbox's prelude: the first code every isolate runs, before any harness (runner/sandbox.ts). It takes
// away what no handler needs and what would outlive a test (WebAssembly, shared memory, Intl, finalizers,
// RegExp's legacy statics), gives each test its own Math.random, clock, console and output budget, and
// freezes everything reachable (the lockdown). It runs INSIDE the isolate: this file is compiled on its own
// (esbuild, once per process) and must not import anything or use anything outside this function.

/** Appends a console line on the host; false (or a cut line) when the test's budget is spent. */
type HostLog = (line: string, cut: boolean) => boolean;
/** isolated-vm's Reference to the host's async call dispatcher. */
type HostCallRef = { apply(receiver: undefined, args: string[], options: object): Promise<string> };
/** The host's native hash or HMAC of the chunks (runner/sandbox.ts hostDigest). */
type HostDigest = (algorithm: string, chunks: unknown, key: unknown, encoding: string | null) => Uint8Array | string;

export function sandboxPrelude(hostLog: HostLog, hostCallRef: HostCallRef, outputBytes: number, hostSeed: () => string, hostDigest: HostDigest) {
  // Strict as the module it comes from, also once compiled to a script: the lockdown's roots include %ThrowTypeError%,
  // which only a strict function's arguments object reaches.
  'use strict';
  const global = globalThis as any;
  // WebAssembly memory lives outside the isolate's heap limit, SharedArrayBuffer and Atomics could block
  // the thread, and Intl is the largest graph of built-ins to freeze: a handler needs none of them.
  delete global.WebAssembly;
  delete global.SharedArrayBuffer;
  delete global.Atomics;
  delete global.Intl;
  // A FinalizationRegistry's callback runs whenever the collector gets to it, in a later test as well, with the
  // closure of the test that registered it: it could log one test's request into another's console.
  delete global.FinalizationRegistry;
  // RegExp's legacy statics (RegExp.input, $_, $1…$9, lastMatch, leftContext, rightContext, lastParen) hold the last
  // match of ANY regular expression in the isolate, the harness's router included: a test would read the path of the
  // request before it. Only length, name, prototype and @@species are standard.
  for (const key of Object.getOwnPropertyNames(RegExp)) {
    if (key !== 'length' && key !== 'name' && key !== 'prototype') delete (RegExp as any)[key];
  }
  const stringify = JSON.stringify;
  const RealDate = Date;

  // Math.random: V8's generator is one stream per isolate whose state its outputs reveal, so a test could pass
  // information to a later one through how many numbers it drew. Each test draws from its own generator (sfc32),
  // the one source of randomness in the sandbox (a harness's node:crypto draws from it too, through
  // sandbox.random): seeded by the harness at the start of a test (a number: the same submission then gets the
  // same numbers every time it is judged), or else by the host (crypto) at the test's first draw.
  // resetConsole() (a test starts) drops the seed.
  let seeded = false;
  let ra = 0, rb = 0, rc = 0, rd = 1;
  const next32 = (function next32() {
    const t = (((ra + rb) | 0) + rd) | 0;
    rd = (rd + 1) | 0;
    ra = rb ^ (rb >>> 9);
    rb = (rc + (rc << 3)) | 0;
    rc = (rc << 21) | (rc >>> 11);
    rc = (rc + t) | 0;
    return t >>> 0;
  });
  const seedRandom = (function seed(n: number) {
    ra = 0x9e3779b9 | 0; rb = 0x243f6a88; rc = 0xb7e15162 | 0; rd = n >>> 0 | 0;
    for (let i = 0; i < 15; i++) next32();
    seeded = true;
  });
  const uint32 = (function uint32() {
    if (!seeded) {
      const hex = String(hostSeed());
      ra = parseInt(hex.slice(0, 8), 16) | 0;
      rb = parseInt(hex.slice(8, 16), 16) | 0;
      rc = parseInt(hex.slice(16, 24), 16) | 0;
      rd = parseInt(hex.slice(24, 32), 16) | 0;
      seeded = true;
      for (let i = 0; i < 15; i++) next32();
    }
    return next32();
  });
  Math.random = (function random() { return uint32() / 4294967296; });

  // The test's output budget inside the isolate. The host keeps the exact count (runner/outputBudget.ts, in UTF-8
  // bytes); this one (in UTF-16 units, never more than the bytes) makes the harness refuse to build anything over
  // what is left, so a 100 MB header or error message is cut here and never copied out. Reset by resetConsole(),
  // which the harness calls when a test starts.
  let room = outputBytes;
  // A lower bound of the JSON text of a value the harness built (strings, numbers, plain objects and arrays),
  // computed without building that text.
  const sizeOf = (function sizeOf(value: any, depth: number): number {
    if (typeof value === 'string') return value.length;
    if (value === null || typeof value !== 'object' || depth > 6) return typeof value === 'number' ? 1 : 0;
    if (ArrayBuffer.isView(value)) return value.byteLength;
    let n = 0;
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length && n <= room; i++) n += keys[i].length + sizeOf(value[keys[i]], depth + 1);
    return n;
  });
  // What the harness returns to the host goes through here: JSON text within what is left of the budget, or an overflow.
  const send = (function send(value: unknown): string {
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
  const ClockDate: any = function Date(this: unknown, ...args: any[]) {
    if (new.target === undefined) return new RealDate(clock).toString();
    return Reflect.construct(RealDate, args.length === 0 ? [clock] : args, new.target);
  };
  Object.defineProperty(ClockDate, 'prototype', { value: RealDate.prototype, writable: false });
  ClockDate.now = function now() { return clock; };
  ClockDate.parse = RealDate.parse;
  ClockDate.UTC = RealDate.UTC;
  Object.defineProperty(RealDate.prototype, 'constructor', { value: ClockDate, writable: true, configurable: true });
  global.Date = ClockDate;

  const format = (function format(value: unknown): string {
    if (typeof value === 'string') return value;
    try {
      if (value instanceof Error) return String(value.stack || value);
      const json = stringify(value);
      return json === undefined ? String(value) : json;
    } catch (e) {
      try { return String(value); } catch (e2) { return '[unprintable]'; }
    }
  });
  const write = (function write(level: string, args: unknown[]) {
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
  const consoleObject: Record<string, (...args: unknown[]) => void> = {};
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
    consoleObject[level] = (function (...args: unknown[]) { write(level, args); });
  }
  global.console = consoleObject;

  // Assigning to a property a frozen prototype holds (err.name = ..., obj.toString = ...) would throw
  // in strict code (the "override mistake"); these accessors give the instance its own property instead.
  const tame = (function tame(proto: object, key: string) {
    const d = Object.getOwnPropertyDescriptor(proto, key);
    if (!d || !('value' in d) || !d.configurable) return;
    const value = d.value;
    Object.defineProperty(proto, key, {
      get: (function () { return value; }),
      set: (function (this: object, v: unknown) {
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

  const hostCall = (function hostCall(name: string, json: string): Promise<string> {
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
      Object.getOwnPropertyDescriptor(strictArguments, 'callee')!.get, // %ThrowTypeError%
    ];
  });

  // Freezes every object reachable from the roots (own properties, accessors, prototypes). The full
  // walk reads every property descriptor (~2 ms); it also returns a plan, the path to each object it
  // found, with which later sandboxes of this process, whose graph is the same, freeze the same objects
  // reading one descriptor per object.
  const lockdown = (function lockdown(roots: any[], planJson: string): string {
    if (planJson) {
      const plan = JSON.parse(planJson);
      const objects = roots.slice();
      for (let i = 0; i < plan.length; i += 3) {
        const parent = objects[plan[i]];
        const how = plan[i + 1];
        const code = plan[i + 2];
        const key = code[0] === '@' ? (Symbol as any)[code.slice(1)] : code.slice(1);
        let o;
        if (how === 3) o = Object.getPrototypeOf(parent);
        else if (how === 0) o = Object.getOwnPropertyDescriptor(parent, key)!.value;
        else { const d = Object.getOwnPropertyDescriptor(parent, key)!; o = how === 1 ? d.get : d.set; }
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
  const reachable = (function reachable(roots: any[]) {
    const wellKnown = new Map();
    for (const name of Object.getOwnPropertyNames(Symbol)) if (typeof (Symbol as any)[name] === 'symbol') wellKnown.set((Symbol as any)[name], name);
    const index = new Map();
    const found = roots.slice();
    const plan: Array<number | string> = [];
    let planned = true;
    for (let i = 0; i < roots.length; i++) index.set(roots[i], i);
    const visit = (o: unknown, parent: number, how: number, key: string | symbol) => {
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
        const d = Object.getOwnPropertyDescriptor(o, keys[i])!;
        if ('value' in d) visit(d.value, n, 0, keys[i]);
        else { visit(d.get, n, 1, keys[i]); visit(d.set, n, 2, keys[i]); }
      }
      visit(Object.getPrototypeOf(o), n, 3, '');
    }
    return { found, plan, planned };
  });

  // How many objects reachable from the roots are not frozen (the check of a plan, once per process).
  const unfrozen = (function unfrozen(roots: any[]): number {
    return reachable(roots).found.filter((o) => !Object.isFrozen(o)).length;
  });

  // Entries answer synchronously when they can (applySync is ~5x cheaper than an async call); one
  // that returns a promise answers PENDING, and the host then polls once and finally awaits it.
  const PENDING = '\u0000pending';
  let pending: Promise<unknown> | null = null;
  let settled: { ok: true; v: unknown } | { ok: false; e: unknown } | null = null;
  const wrapEntries = (function wrapEntries(api: Record<string, (arg: unknown) => unknown>) {
    const out: Record<string, (arg?: unknown) => unknown> = {};
    for (const name of Object.keys(api)) {
      const fn = api[name];
      out[name] = (function (arg?: unknown) {
        pending = null;
        settled = null;
        const value = fn(arg);
        if (value === null || typeof value !== 'object' || typeof (value as { then?: unknown }).then !== 'function') return value;
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
      setNow: (function (ms: number) { clock = ms; }),
      // A test starts: its whole output budget is available again.
      resetConsole: (function () { room = outputBytes; seeded = false; }),
      // The test's generator (see Math.random above): seed(n) after resetConsole() makes the test reproducible.
      random: Object.freeze({ seed: seedRandom, uint32 }),
      hostCall,
      // digest(algorithm, chunks, key, encoding): the hash (or, with a key, the HMAC) of the chunks (strings as UTF-8,
      // Uint8Arrays) by the host's native crypto, as a string in hex/base64/base64url/latin1, else a Uint8Array. A hash in JavaScript runs cold in every new
      // isolate: Express's ETag of a 1 KB body cost ~0.5 ms there, and ~0.02 ms here.
      digest: (function digest(algorithm: string, chunks: unknown, key?: unknown, encoding?: string) {
        return hostDigest(String(algorithm), chunks, key === undefined ? null : key, encoding === undefined ? null : String(encoding));
      }),
      outputBytes,
      send,
    }),
    intrinsics: syntaxIntrinsics(),
    lockdown,
    unfrozen,
  };
}
