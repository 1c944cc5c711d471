// node:util basics inside the sandbox: format/inspect (a compact inspect, not Node's full one), promisify,
// callbackify, inherits, deprecate, isDeepStrictEqual, types, TextEncoder/TextDecoder.
const { TextEncoder, TextDecoder } = require('./text.cjs');

const custom = Symbol.for('nodejs.util.inspect.custom');

function inspect(value, options) {
  const depth = options && typeof options.depth === 'number' ? options.depth : 2;
  const seen = [];
  const str = (v, level) => {
    if (typeof v === 'string') return level === 0 && options === 'top' ? v : "'" + v.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n') + "'";
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
    if (typeof v === 'bigint') return String(v) + 'n';
    if (typeof v === 'symbol') return v.toString();
    if (v === undefined) return 'undefined';
    if (v === null) return 'null';
    if (typeof v === 'boolean') return String(v);
    if (typeof v === 'function') return v.name ? '[Function: ' + v.name + ']' : '[Function (anonymous)]';
    if (seen.indexOf(v) >= 0) return '[Circular *1]';
    if (v instanceof Error) return v.stack || String(v);
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
    if (v instanceof RegExp) return String(v);
    if (level > depth) return Array.isArray(v) ? '[Array]' : '[Object]';
    seen.push(v);
    let out;
    if (Array.isArray(v)) out = v.length === 0 ? '[]' : '[ ' + v.map((x) => str(x, level + 1)).join(', ') + ' ]';
    else if (v instanceof Map) out = 'Map(' + v.size + ') {' + (v.size ? ' ' + [...v].map(([k, x]) => str(k, level + 1) + ' => ' + str(x, level + 1)).join(', ') + ' ' : '') + '}';
    else if (v instanceof Set) out = 'Set(' + v.size + ') {' + (v.size ? ' ' + [...v].map((x) => str(x, level + 1)).join(', ') + ' ' : '') + '}';
    else {
      const keys = Object.keys(v);
      const name = Object.getPrototypeOf(v) === null ? '[Object: null prototype] ' : v.constructor && v.constructor.name && v.constructor.name !== 'Object' ? v.constructor.name + ' ' : '';
      out = keys.length === 0 ? name + '{}' : name + '{ ' + keys.map((k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : "'" + k + "'") + ': ' + str(v[k], level + 1)).join(', ') + ' }';
    }
    seen.pop();
    return out;
  };
  return str(value, 0);
}
inspect.custom = custom;
inspect.defaultOptions = { depth: 2 };

function format(f, ...args) {
  if (typeof f !== 'string') return [f, ...args].map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ');
  let i = 0;
  let out = f.replace(/%[sdifjoOc%]/g, (m) => {
    if (m === '%%') return '%';
    if (i >= args.length) return m;
    const a = args[i++];
    switch (m) {
      case '%s': return typeof a === 'string' ? a : typeof a === 'bigint' ? a + 'n' : typeof a === 'object' && a !== null ? inspect(a, { depth: 0 }) : String(a);
      case '%d': return typeof a === 'bigint' ? a + 'n' : typeof a === 'object' ? 'NaN' : String(Number(a));
      case '%i': return typeof a === 'bigint' ? a + 'n' : String(parseInt(a, 10));
      case '%f': return String(parseFloat(a));
      case '%j': try { return JSON.stringify(a); } catch (e) { return '[Circular]'; }
      case '%c': return '';
      default: return inspect(a);
    }
  });
  for (; i < args.length; i++) out += ' ' + (typeof args[i] === 'string' ? args[i] : inspect(args[i]));
  return out;
}

const kCustomPromisify = Symbol.for('nodejs.util.promisify.custom');
function promisify(fn) {
  if (typeof fn !== 'function') throw new TypeError('The "original" argument must be of type function');
  if (fn[kCustomPromisify]) return fn[kCustomPromisify];
  return function (...args) {
    return new Promise((resolve, reject) => {
      fn.call(this, ...args, (err, value) => (err ? reject(err) : resolve(value)));
    });
  };
}
promisify.custom = kCustomPromisify;
function callbackify(fn) {
  return function (...args) {
    const cb = args.pop();
    fn.apply(this, args).then((v) => queueMicrotask(() => cb(null, v)), (e) => queueMicrotask(() => cb(e || new Error('Promise was rejected with a falsy value'))));
  };
}
function inherits(ctor, superCtor) {
  Object.defineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
  Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
}
function isDeepStrictEqual(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof RegExp) return String(a) === String(b);
  if (a instanceof Map) return a.size === b.size && [...a].every(([k, v]) => b.has(k) && isDeepStrictEqual(v, b.get(k)));
  if (a instanceof Set) return a.size === b.size && [...a].every((v) => b.has(v));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && isDeepStrictEqual(a[k], b[k]));
}
const tag = (v) => Object.prototype.toString.call(v).slice(8, -1);
const types = {
  isDate: (v) => v instanceof Date,
  isRegExp: (v) => v instanceof RegExp,
  isPromise: (v) => v instanceof Promise,
  isMap: (v) => v instanceof Map,
  isSet: (v) => v instanceof Set,
  isNativeError: (v) => v instanceof Error,
  isAsyncFunction: (v) => tag(v) === 'AsyncFunction',
  isGeneratorFunction: (v) => tag(v) === 'GeneratorFunction' || tag(v) === 'AsyncGeneratorFunction',
  isTypedArray: (v) => ArrayBuffer.isView(v) && !(v instanceof DataView),
  isUint8Array: (v) => v instanceof Uint8Array,
  isArrayBuffer: (v) => v instanceof ArrayBuffer,
  isAnyArrayBuffer: (v) => v instanceof ArrayBuffer,
  isDataView: (v) => v instanceof DataView,
  isBoxedPrimitive: (v) => v instanceof Number || v instanceof String || v instanceof Boolean,
};

module.exports = {
  format,
  formatWithOptions: (opts, ...args) => format(...args),
  inspect,
  promisify,
  callbackify,
  inherits,
  deprecate: (fn) => fn,
  debuglog: () => Object.assign(() => {}, { enabled: false }),
  debug: () => Object.assign(() => {}, { enabled: false }),
  isDeepStrictEqual,
  types,
  isArray: Array.isArray,
  isError: (v) => v instanceof Error,
  TextEncoder,
  TextDecoder,
  stripVTControlCharacters: (s) => String(s).replace(/\u001b\[[0-9;]*[A-Za-z]/g, ''),
  toUSVString: (s) => String(s).replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
};
