// The API kind's harness: it runs INSIDE the isolate (bundled by ./build.ts with the real `express` package
// and the node:* modules of ./node/), once per isolate, before the lockdown. It holds no expected values: it
// turns a request (JSON) into a response (JSON).
//
// Entries (called by runner/kinds/api.ts through the Sandbox):
//   load(factory)   the candidate's module factory: function (exports, module, require)
//   request(json)   {fresh, now, seed, db, req: {method, path, headers, query, body?, rawBody?, rawBodyBase64?}}
//                   -> Promise<string> of {status, headers, body, bodyBase64?, errors} | {loadError} | {overflow}
// `fresh: true` instantiates the module anew (first step of each test): no state outlives a test.
import express from 'express';
import finalhandler from 'finalhandler';
import { Buffer } from 'buffer';
import events from 'events';
import path from 'path-browserify';
import querystring from 'querystring-es3';
import http from './node/http.cjs';
import crypto from './node/crypto.cjs';
import hostDigest from './node/digest.cjs';
import random from './node/random.cjs';
import url from './node/url.cjs';
import util from './node/util.cjs';
import timers from './node/timers.cjs';
import process from './node/process.cjs';
import { installGlobals } from './node/globals.cjs';
import { TextDecoder } from './node/text.cjs';

const stringify = JSON.stringify;
const parse = JSON.parse;

function describe(err) {
  try {
    if (err instanceof Error) return String(err.name) + ': ' + String(err.message);
    if (typeof err === 'string') return err;
    const json = stringify(err);
    return json === undefined ? String(err) : json;
  } catch (e) {
    return 'a value that cannot be printed';
  }
}
function stackOf(err) {
  try { return err instanceof Error && typeof err.stack === 'string' ? err.stack : describe(err); } catch (e) { return describe(err); }
}

// Assigning to a property that a frozen prototype holds (res.json = wrapper, the "override mistake") would
// throw in strict code: these accessors give the instance its own property instead, as on real Express.
function tame(proto) {
  for (const key of Reflect.ownKeys(proto)) {
    const d = Object.getOwnPropertyDescriptor(proto, key);
    if (!('value' in d) || !d.configurable) continue;
    const value = d.value;
    Object.defineProperty(proto, key, {
      get: function () { return value; },
      set: function (v) {
        if (this === proto) throw new TypeError('Cannot assign to read only property ' + String(key) + ' of a built-in');
        Object.defineProperty(this, key, { value: v, writable: true, enumerable: true, configurable: true });
      },
      enumerable: d.enumerable,
      configurable: false,
    });
  }
}

function emitterModule() {
  const EventEmitter = events.EventEmitter;
  // events@3 keeps `_events` & co. on the prototype; instances that set their own would hit the frozen ones.
  delete EventEmitter.prototype._events;
  delete EventEmitter.prototype._eventsCount;
  delete EventEmitter.prototype._maxListeners;
  return events;
}

const DENIED = ['fs', 'fs/promises', 'child_process', 'net', 'dgram', 'dns', 'tls', 'https', 'http2', 'cluster', 'worker_threads', 'vm', 'v8', 'os', 'module', 'inspector', 'repl', 'readline', 'zlib', 'stream', 'perf_hooks'];

export default function setup(sandbox) {
  let currentErrors = [];
  timers.control.connect(sandbox.setNow);
  hostDigest.connect(sandbox.digest);
  random.connect(sandbox.random);
  const globals = installGlobals(globalThis, (err) => currentErrors.push(stackOf(err)));
  const eventsModule = emitterModule();
  tame(http.IncomingMessage.prototype);
  tame(http.ServerResponse.prototype);
  tame(express.request);
  tame(express.response);

  const bufferModule = { Buffer, constants: { MAX_LENGTH: 4294967296, MAX_STRING_LENGTH: 536870888 }, kMaxLength: 4294967296, atob: globalThis.atob, btoa: globalThis.btoa };
  const timersModule = {
    setTimeout: timers.setTimeout, setInterval: timers.setInterval, setImmediate: timers.setImmediate,
    clearTimeout: timers.clearTimeout, clearInterval: timers.clearInterval, clearImmediate: timers.clearImmediate,
  };
  const timersPromises = {
    setTimeout: (ms, value) => new Promise((resolve) => timers.setTimeout(() => resolve(value), ms)),
    setImmediate: (value) => new Promise((resolve) => timers.setImmediate(() => resolve(value))),
  };
  const modules = {
    express,
    crypto,
    buffer: bufferModule,
    url,
    util,
    events: eventsModule,
    path: path,
    querystring,
    http,
    timers: timersModule,
    'timers/promises': timersPromises,
    process,
    string_decoder: { StringDecoder: class StringDecoder { constructor(enc) { this.d = new TextDecoder(enc === 'latin1' || enc === 'binary' ? 'latin1' : enc || 'utf-8'); } write(b) { return this.d.decode(b, { stream: true }); } end(b) { return (b ? this.d.decode(b, { stream: true }) : '') + this.d.decode(); } } },
  };
  const requireModule = function require(name) {
    const key = String(name).replace(/^node:/, '');
    if (Object.prototype.hasOwnProperty.call(modules, key) && (key !== 'express' || name === 'express')) return modules[key];
    if (DENIED.indexOf(key) >= 0) throw new Error('Cannot use ' + stringify(String(name)) + ' in the sandbox: it has no file system, network or processes');
    throw new Error('Cannot find module ' + stringify(String(name)) + ': the sandbox offers express, node:crypto, node:buffer, node:url, node:util, node:events, node:path, node:querystring, node:timers and node:process');
  };

  let factory = null;
  let target = null;
  let loadError = null;
  let hasDb = false;
  let inflight = 0;
  let onIdle = [];
  let drift = 0;

  const makeCtx = function makeCtx() {
    const ctx = { now: function () { return Date.now(); } };
    if (hasDb) {
      ctx.db = Object.freeze({
        query: function (sql, params) {
          let payload;
          try {
            payload = stringify({ sql: String(sql), params: params === undefined ? [] : params });
          } catch (e) {
            return Promise.reject(new TypeError('query parameters must be JSON values: ' + describe(e)));
          }
          inflight++;
          const settle = () => {
            if (--inflight === 0) { const waiting = onIdle; onIdle = []; for (const w of waiting) w(); }
          };
          return sandbox.hostCall('db.query', payload).then((text) => {
            settle();
            const result = parse(text);
            if (result.error !== undefined) throw new Error(String(result.error));
            return result;
          }, (err) => { settle(); throw err; });
        },
      });
    }
    return Object.freeze(ctx);
  };

  const isApp = (v) => typeof v === 'function' && typeof v.handle === 'function' && typeof v.set === 'function' && typeof v.enabled === 'function';
  const isRouter = (v) => typeof v === 'function' && typeof v.handle === 'function' && Array.isArray(v.stack);

  const instantiate = function instantiate() {
    target = null;
    loadError = null;
    http._takeListening();
    const module = { exports: {} };
    try {
      factory.call(undefined, module.exports, module, requireModule);
      const exported = module.exports;
      let main = exported;
      if (exported !== null && (typeof exported === 'object' || typeof exported === 'function') && exported.default !== undefined && !isApp(exported) && !isRouter(exported)) main = exported.default;
      const listening = http._takeListening();
      if (isApp(main)) { target = main; return undefined; }
      if (isRouter(main)) { const app = express(); app.use(main); target = app; return undefined; }
      if (typeof main === 'function') {
        // Today's contract: the module registers routes on an app it is given, whose JSON bodies are parsed.
        const app = express();
        app.use(express.json());
        const result = main(app, makeCtx());
        target = app;
        if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
          return Promise.resolve(result).then(() => undefined, (err) => { target = null; loadError = 'the exported function failed: ' + describe(err); });
        }
        return undefined;
      }
      if (listening.length > 0) { target = listening[listening.length - 1].handler || null; if (target) return undefined; }
      loadError = 'the module must default-export a function (app, ctx) => void, an express() app or an express.Router(), or start its app with app.listen()';
    } catch (err) {
      loadError = 'loading the module failed: ' + stackOf(err);
    }
    return undefined;
  };

  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const report = function report(result, errors, budget) {
    const headers = {};
    for (let i = 0; i < result.headers.length; i++) {
      const name = result.headers[i][0];
      const value = result.headers[i][1];
      const key = name.toLowerCase();
      const prev = headers[key];
      headers[key] = prev === undefined ? value : [].concat(prev, value);
    }
    const bytes = result.body;
    if (bytes.length > budget.bytes) return { overflow: 'response body of ' + bytes.length + ' bytes is over the ' + sandbox.outputBytes + ' byte limit' };
    budget.bytes -= bytes.length;
    let body;
    let bodyBase64;
    try { body = utf8.decode(bytes); } catch (e) { body = ''; bodyBase64 = bytes.toString('base64'); }
    const out = { status: result.status, headers, body, errors };
    if (bodyBase64 !== undefined) out.bodyBase64 = bodyBase64;
    return out;
  };

  const requestOf = function requestOf(r) {
    const socket = new http.Socket('127.0.0.1');
    const req = new http.IncomingMessage(socket);
    req.method = String(r.method || 'GET').toUpperCase();
    let target = typeof r.url === 'string' ? r.url : String(r.path || '/');
    if (typeof r.url !== 'string') {
      const query = r.query || {};
      let search = '';
      for (const k of Object.keys(query)) {
        const vs = Array.isArray(query[k]) ? query[k] : [query[k]];
        for (const v of vs) search += (search || target.indexOf('?') >= 0 ? '&' : '?') + encodeURIComponent(k) + '=' + encodeURIComponent(v);
      }
      target += search;
    }
    req.url = target;
    const headers = {};
    const raw = [];
    for (const k of Object.keys(r.headers || {})) {
      const key = k.toLowerCase();
      const value = String(r.headers[k]);
      raw.push(k, value);
      headers[key] = headers[key] === undefined ? value : key === 'cookie' ? headers[key] + '; ' + value : headers[key] + ', ' + value;
    }
    let body = null;
    if (typeof r.rawBodyBase64 === 'string') body = Buffer.from(r.rawBodyBase64, 'base64');
    else if (typeof r.rawBody === 'string') body = Buffer.from(r.rawBody, 'utf8');
    else if (r.body !== undefined) {
      body = Buffer.from(stringify(r.body), 'utf8');
      if (headers['content-type'] === undefined) { headers['content-type'] = 'application/json'; raw.push('Content-Type', 'application/json'); }
    }
    if (headers.host === undefined) { headers.host = 'localhost'; raw.unshift('Host', 'localhost'); }
    if (body !== null && headers['content-length'] === undefined && headers['transfer-encoding'] === undefined) {
      headers['content-length'] = String(body.length);
      raw.push('Content-Length', String(body.length));
    }
    req.headers = headers;
    req.rawHeaders = raw;
    req._bodyBuffer = body;
    return req;
  };

  // One request through the candidate's app; calls resolve(responseObject) once, possibly synchronously.
  const serve = function serve(r, resolve, budget) {
    const errors = [];
    currentErrors = errors;
    const req = requestOf(r);
    const res = new http.ServerResponse(req);
    res._onFinish = (finished) => resolve(report(finished._result(), errors, budget));
    try {
      if (isApp(target)) {
        // Express logs an error it answers with 500 (finalhandler's onerror, on a later tick): recorded now,
        // while this request's result is still open.
        const final = finalhandler(req, res, { env: target.get('env') });
        target.handle(req, res, (err) => {
          if (err) errors.push(stackOf(err));
          final(err);
        });
      }
      else target(req, res);
    } catch (err) {
      errors.push(stackOf(err));
    }
    flushTicks();
  };
  const flushTicks = () => {
    try { process._flushTicks(); } catch (err) { currentErrors.push(stackOf(err)); }
  };

  // Waits until the isolate has nothing left to run but timers: a host round trip is answered only after
  // the isolate's microtask queue is drained, and pending database queries are waited for.
  const idle = function idle() {
    if (inflight > 0) return new Promise((resolve) => onIdle.push(resolve)).then(idle);
    return sandbox.hostCall('idle', '').then(() => (inflight > 0 ? idle() : undefined));
  };
  const MAX_TIMERS_PER_STEP = 10000;
  let driving = false;
  const drive = function drive(isDone) {
    if (driving) return;
    driving = true;
    let fired = 0;
    const loop = () => {
      if (isDone()) { driving = false; return undefined; }
      return idle().then(() => {
        if (isDone() || fired++ >= MAX_TIMERS_PER_STEP) { driving = false; return undefined; }
        const before = timers.control.now();
        if (!timers.control.fireNext((err) => currentErrors.push(stackOf(err)))) { driving = false; return undefined; }
        flushTicks();
        drift += timers.control.now() - before;
        return loop();
      });
    };
    loop();
  };

  // Timers due before this step's time fire first, as they would have on a server between two requests.
  const catchUp = function catchUp(until) {
    if (timers.control.nextAt() > until) return undefined;
    return idle().then(() => {
      if (timers.control.nextAt() > until) return undefined;
      timers.control.fireNext((err) => currentErrors.push(stackOf(err)));
      flushTicks();
      return catchUp(until);
    });
  };

  let budget = { bytes: 0 };
  const request = function request(message) {
    if (message.fresh) {
      hasDb = message.db === true;
      sandbox.resetConsole();
      budget = { bytes: sandbox.outputBytes };
      drift = 0;
      timers.control.setNow(message.now);
      globals.startTest(typeof message.seed === 'number' ? message.seed : 1);
    }
    const now = message.now + drift;
    let result = null;
    let wake = null;
    const done = () => result !== null;
    timers.control.onSchedule(() => { if (result === null) drive(done); });
    const go = function go() {
      timers.control.setNow(now);
      if (loadError !== null || target === null) {
        result = sandbox.send({ loadError: loadError !== null ? loadError : 'the module was not loaded' });
        if (wake) wake(result);
        return;
      }
      serve(message.req, function (response) {
        if (result !== null) return;
        // Through the sandbox's budget: what would cross over the test's output budget is cut inside the isolate.
        result = sandbox.send(response);
        if (wake) wake(result);
      }, budget);
      if (result === null && timers.control.pending() > 0) drive(done);
    };
    let ready;
    if (message.fresh) ready = instantiate();
    else ready = catchUp(now);
    if (ready === undefined) go();
    else ready.then(go);
    if (result !== null) return result;
    return new Promise((resolve) => { wake = resolve; });
  };

  return {
    load: function (f) { factory = f; },
    request: function (json) { return request(parse(json)); },
    __freeze: [express, modules, requireModule, http, crypto, url, util, eventsModule, path, querystring, process, timersModule, timersPromises, bufferModule],
  };
}
