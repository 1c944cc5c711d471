// `path-to-regexp` with its `match` remembered per isolate: Express's router compiles every route of a new app,
// and the harness builds the candidate's app anew for each test, so the same paths were parsed and compiled
// 20 times a submission (~15% of it, cold). A matcher is a pure function of its path and options; it is frozen,
// so nothing a test does to it reaches the next test. Anything but a plain string path goes straight through.
const real = require('assay-path-to-regexp-package');

const KNOWN = new Set(['decode', 'delimiter', 'end', 'sensitive', 'trailing']);
const MAX_ENTRIES = 1000;
const byDecode = new WeakMap();
const plain = new Map();

function cacheFor(decode) {
  if (typeof decode !== 'function') return decode === undefined ? plain : null;
  let cache = byDecode.get(decode);
  if (cache === undefined) { cache = new Map(); byDecode.set(decode, cache); }
  return cache;
}

function match(path, options) {
  const o = options === undefined ? {} : options;
  if (typeof path !== 'string' || o === null || typeof o !== 'object' || Object.getPrototypeOf(o) !== Object.prototype) return real.match(path, options);
  for (const k of Object.keys(o)) if (!KNOWN.has(k)) return real.match(path, options);
  const cache = cacheFor(o.decode);
  if (cache === null) return real.match(path, options);
  const key = path + '\u0000' + String(o.delimiter) + '\u0000' + String(o.end) + '\u0000' + String(o.sensitive) + '\u0000' + String(o.trailing);
  let fn = cache.get(key);
  if (fn === undefined) {
    fn = Object.freeze(real.match(path, options));
    if (cache.size < MAX_ENTRIES) cache.set(key, fn);
  }
  return fn;
}

module.exports = { ...real, match };
