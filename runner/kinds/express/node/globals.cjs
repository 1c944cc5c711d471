// The globals Node developers reach for, installed on the isolate's global object before the lockdown freezes it.
const { Buffer } = require('buffer');
const { TextEncoder, TextDecoder } = require('./text.cjs');
const { URL, URLSearchParams } = require('./url.cjs');
const crypto = require('./crypto.cjs');
const random = require('./random.cjs');
const timers = require('./timers.cjs');
const process = require('./process.cjs');

function domException(message, name) {
  const err = new Error(message);
  err.name = name;
  return err;
}

function structuredClone(value) {
  if (arguments.length === 0) throw new TypeError('The "value" argument must be specified');
  const memo = new Map();
  const clone = (v) => {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function' && typeof v !== 'symbol')) return v;
    if (typeof v === 'function' || typeof v === 'symbol') throw domException(String(typeof v === 'function' ? v : v.toString()) + ' could not be cloned.', 'DataCloneError');
    if (memo.has(v)) return memo.get(v);
    let out;
    if (Array.isArray(v)) {
      out = new Array(v.length);
      memo.set(v, out);
      for (const k of Object.keys(v)) out[k] = clone(v[k]);
      return out;
    }
    if (v instanceof Date) out = new Date(v.getTime());
    else if (v instanceof RegExp) out = new RegExp(v.source, v.flags);
    else if (v instanceof Map) { out = new Map(); memo.set(v, out); for (const [k, x] of v) out.set(clone(k), clone(x)); return out; }
    else if (v instanceof Set) { out = new Set(); memo.set(v, out); for (const x of v) out.add(clone(x)); return out; }
    else if (v instanceof ArrayBuffer) out = v.slice(0);
    else if (ArrayBuffer.isView(v)) {
      const Ctor = v instanceof Buffer ? Uint8Array : v.constructor;
      out = v instanceof DataView ? new DataView(v.buffer.slice(0)) : new Ctor(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
    } else if (v instanceof Error) {
      const Ctor = { EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError }[v.name] || Error;
      out = new Ctor(v.message);
      if (v.stack !== undefined) out.stack = v.stack;
      if ('cause' in v) out.cause = clone(v.cause);
    } else if (v instanceof Boolean || v instanceof Number || v instanceof String) out = Object(v.valueOf());
    else if (v instanceof Promise || v instanceof WeakMap || v instanceof WeakSet) throw domException('#<' + v.constructor.name + '> could not be cloned.', 'DataCloneError');
    else {
      out = {};
      memo.set(v, out);
      for (const k of Object.keys(v)) out[k] = clone(v[k]);
      return out;
    }
    memo.set(v, out);
    return out;
  };
  return clone(value);
}

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;
function atob(data) {
  if (arguments.length === 0) throw new TypeError('The "data" argument must be specified');
  let s = String(data).replace(/[\t\n\f\r ]/g, '');
  if (s.length % 4 === 0) s = s.replace(/==?$/, '');
  if (s.length % 4 === 1 || !B64.test(s)) throw domException('Invalid character', 'InvalidCharacterError');
  return Buffer.from(s, 'base64').toString('latin1');
}
function btoa(data) {
  if (arguments.length === 0) throw new TypeError('The "data" argument must be specified');
  const s = String(data);
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 255) throw domException('Invalid character', 'InvalidCharacterError');
  return Buffer.from(s, 'latin1').toString('base64');
}

let timeOrigin = 0;
const performance = {
  now: () => timers.control.now() - timeOrigin,
  get timeOrigin() { return timeOrigin; },
  mark() {},
  measure() {},
  toJSON: () => ({ timeOrigin }),
};

/** Installs the globals; returns the hooks the harness keeps for itself. */
function installGlobals(g, onMicrotaskError) {
  const define = (name, value) => Object.defineProperty(g, name, { value, writable: true, enumerable: false, configurable: true });
  define('global', g);
  define('Buffer', Buffer);
  define('process', process);
  define('structuredClone', structuredClone);
  define('TextEncoder', TextEncoder);
  define('TextDecoder', TextDecoder);
  define('URL', URL);
  define('URLSearchParams', URLSearchParams);
  define('atob', atob);
  define('btoa', btoa);
  define('crypto', { getRandomValues: crypto.getRandomValues, randomUUID: crypto.randomUUID });
  define('performance', performance);
  define('queueMicrotask', function queueMicrotask(fn) {
    if (typeof fn !== 'function') throw new TypeError('The "callback" argument must be of type function. Received ' + typeof fn);
    Promise.resolve().then(() => { try { fn(); } catch (err) { onMicrotaskError(err); } });
  });
  for (const name of ['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate']) define(name, timers[name]);
  return {
    startTest(seed) {
      random.seed(seed);
      timers.control.reset();
      timeOrigin = timers.control.now();
      process._start();
    },
  };
}

module.exports = { installGlobals, structuredClone };
