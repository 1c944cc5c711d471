// The function kind's harness: trusted code that runs INSIDE the isolate before lockdown (runner/sandbox.ts
// wraps it; this file is one function expression, read as text by ./index.ts). It holds no expected values: it
// only performs one step of a test (a call, a construction) and reports what came back, as plain JSON.
//
// Entries:
//   load(factory)  the candidate's module factory: function (exports, module, require)
//   step(json)     {fresh, now, step: {call?, new?, as?, args}}
//                  -> {returned} | {constructed: true} | {clockOnly: true} | {threw: {name, message, stack}} | {loadError} | {overflow}
//                  (or a Promise of one when the call returned a Promise)
// `fresh: true` (the first step of each test) instantiates the module anew: no state outlives a test.
(function functionHarness(sandbox) {
  'use strict';
  const parse = JSON.parse;
  const isArray = Array.isArray;
  const keysOf = Object.keys;
  const ownProperty = Object.prototype.hasOwnProperty;
  const construct = Reflect.construct;
  const apply = Reflect.apply;
  const RealMap = Map;
  const RealSet = Set;
  const RealDate = Date;
  const RealError = Error;
  const RealPromise = Promise;
  const toISO = Date.prototype.toISOString;
  const mapEntries = Map.prototype.entries;
  const setValues = Set.prototype.values;
  const arrayFrom = Array.from;
  const MAX_DEPTH = 64;
  const MAX_ITEMS = 100000;

  let factory = null;
  let exported = null;
  let loadError = null;
  let instances = null;

  const text = function text(value) {
    try {
      return String(value);
    } catch (e) {
      return '[unprintable]';
    }
  };

  // What the host is told of a thrown value: reading its fields runs candidate code (getters), so each is guarded.
  const describe = function describe(err) {
    const out = { name: null, message: '', stack: '' };
    try {
      if (err !== null && (typeof err === 'object' || typeof err === 'function')) {
        out.name = typeof err.name === 'string' ? err.name.slice(0, 200) : null;
        out.message = typeof err.message === 'string' ? err.message.slice(0, 2000) : text(err).slice(0, 2000);
        out.stack = typeof err.stack === 'string' ? err.stack.slice(0, 4000) : '';
      } else out.message = text(err).slice(0, 2000);
    } catch (e) {
      out.message = '[an error whose fields could not be read]';
    }
    return out;
  };

  // The returned value as plain JSON, built here so nothing the candidate defines (toJSON, a Proxy's traps on
  // the harness's own stringify) runs while the answer is sent: undefined and functions become null, a Map the
  // list of its [key, value] pairs, a Set the list of its values, a Date its ISO text, a bigint its digits.
  let items = 0;
  const plain = function plain(value, depth, seen) {
    if (++items > MAX_ITEMS) throw new RealError('the returned value has more than ' + MAX_ITEMS + ' parts');
    if (value === undefined || value === null || typeof value === 'function' || typeof value === 'symbol') return null;
    if (typeof value === 'number') return value === value && value !== Infinity && value !== -Infinity ? value : null;
    if (typeof value === 'bigint') return text(value);
    if (typeof value !== 'object') return value;
    if (depth >= MAX_DEPTH) throw new RealError('the returned value is nested more than ' + MAX_DEPTH + ' levels deep');
    if (seen.indexOf(value) >= 0) throw new RealError('the returned value is circular');
    seen.push(value);
    let out;
    if (value instanceof RealDate) out = apply(toISO, value, []);
    else if (value instanceof RealMap) out = arrayFrom(apply(mapEntries, value, []), (pair) => [plain(pair[0], depth + 1, seen), plain(pair[1], depth + 1, seen)]);
    else if (value instanceof RealSet) out = arrayFrom(apply(setValues, value, []), (v) => plain(v, depth + 1, seen));
    else if (isArray(value)) {
      out = [];
      for (let i = 0; i < value.length; i++) out.push(plain(value[i], depth + 1, seen));
    } else {
      out = {};
      const keys = keysOf(value);
      for (let i = 0; i < keys.length; i++) out[keys[i]] = plain(value[keys[i]], depth + 1, seen);
    }
    seen.pop();
    return out;
  };

  const answer = function answer(value) {
    items = 0;
    let returned;
    try {
      returned = plain(value, 0, []);
    } catch (err) {
      return sandbox.send({ threw: describe(err), unsendable: true });
    }
    return sandbox.send({ returned });
  };

  const requireModule = function require(name) {
    throw new RealError('Cannot find module ' + JSON.stringify(text(name)) + ': a function challenge\'s module imports nothing (the platform and Node built-ins are not available)');
  };

  const instantiate = function instantiate() {
    exported = null;
    loadError = null;
    instances = new RealMap();
    const module = { exports: {} };
    try {
      factory.call(undefined, module.exports, module, requireModule);
      const value = module.exports;
      if (value === null || (typeof value !== 'object' && typeof value !== 'function')) loadError = 'the module exports nothing: export the functions or classes the statement names';
      else exported = value;
    } catch (err) {
      const d = describe(err);
      loadError = 'loading the module failed: ' + (d.stack || (d.name ? d.name + ': ' : '') + d.message);
    }
  };

  const exportedMember = function exportedMember(name) {
    if (!ownProperty.call(exported, name) && !(exported.default && typeof exported.default === 'object' && ownProperty.call(exported.default, name))) return undefined;
    return ownProperty.call(exported, name) ? exported[name] : exported.default[name];
  };

  const isThenable = function isThenable(value) {
    return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof value.then === 'function';
  };

  const run = function run(step) {
    // A step that only moves the clock (the first step of a test still instantiates the module).
    if (step.new === undefined && step.call === undefined) return sandbox.send({ clockOnly: true });
    if (step.new !== undefined) {
      const Class = exportedMember(step.new);
      if (typeof Class !== 'function') return sandbox.send({ missing: 'the module exports no class ' + step.new });
      instances.set(step.as, construct(Class, step.args));
      return sandbox.send({ constructed: true });
    }
    const dot = step.call.indexOf('.');
    let fn;
    let self;
    if (dot >= 0) {
      const owner = step.call.slice(0, dot);
      const method = step.call.slice(dot + 1);
      if (!instances.has(owner)) return sandbox.send({ missing: owner + ' was not constructed (its new step failed)' });
      self = instances.get(owner);
      fn = self === null || self === undefined ? undefined : self[method];
      if (typeof fn !== 'function') return sandbox.send({ missing: step.call + ' is not a method' });
    } else {
      fn = exportedMember(step.call);
      if (typeof fn !== 'function') return sandbox.send({ missing: 'the module exports no function ' + step.call });
    }
    const value = apply(fn, self, step.args);
    if (isThenable(value)) {
      return RealPromise.resolve(value).then(answer, (err) => sandbox.send({ threw: describe(err) }));
    }
    return answer(value);
  };

  const step = function step(message) {
    if (message.fresh) {
      sandbox.resetConsole();
      sandbox.setNow(message.now);
      instantiate();
    }
    sandbox.setNow(message.now);
    if (loadError !== null) return sandbox.send({ loadError });
    try {
      return run(message.step);
    } catch (err) {
      return sandbox.send({ threw: describe(err) });
    }
  };

  return {
    load: function (f) {
      factory = f;
    },
    step: function (json) {
      return step(parse(json));
    },
  };
});
