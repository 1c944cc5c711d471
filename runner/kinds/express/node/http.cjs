// node:http inside the sandbox: the IncomingMessage and ServerResponse Express builds its req and res on,
// with Node's observable behaviour (header validation, Content-Length or chunked, bodies stripped for HEAD,
// 1xx, 204 and 304), over an in-memory request instead of a socket. createServer().listen() binds nothing:
// it records the app so the harness can serve a module that only calls app.listen().
const { EventEmitter } = require('events');
const { Buffer } = require('buffer');
const { STATUS_CODES, METHODS } = require('./httpCodes.cjs');

const TOKEN = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;
const INVALID_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

function nodeError(Ctor, code, message) {
  const err = new Ctor(message);
  err.code = code;
  return err;
}
function headersSentError(action) {
  return nodeError(Error, 'ERR_HTTP_HEADERS_SENT', 'Cannot ' + action + ' headers after they are sent to the client');
}
function validateName(name) {
  if (typeof name !== 'string' || !name || !TOKEN.test(name)) {
    throw nodeError(TypeError, 'ERR_INVALID_HTTP_TOKEN', 'Header name must be a valid HTTP token ["' + name + '"]');
  }
}
function validateValue(name, value) {
  if (value === undefined) throw nodeError(TypeError, 'ERR_HTTP_INVALID_HEADER_VALUE', 'Invalid value "' + value + '" for header "' + name + '"');
  // Indexed loops here and below: this runs for every header of every response, in code that is always cold.
  if (!Array.isArray(value)) {
    if (INVALID_VALUE.test(String(value))) throw nodeError(TypeError, 'ERR_INVALID_CHAR', 'Invalid character in header content ["' + name + '"]');
    return;
  }
  for (let i = 0; i < value.length; i++) {
    if (INVALID_VALUE.test(String(value[i]))) throw nodeError(TypeError, 'ERR_INVALID_CHAR', 'Invalid character in header content ["' + name + '"]');
  }
}

class Socket extends EventEmitter {
  constructor(remoteAddress) {
    super();
    this.readable = true;
    this.writable = true;
    this.remoteAddress = remoteAddress;
    this.remotePort = 50000;
    this.remoteFamily = remoteAddress.indexOf(':') >= 0 ? 'IPv6' : 'IPv4';
    this.localAddress = remoteAddress;
    this.localPort = 80;
    this.destroyed = false;
  }
  setTimeout() { return this; }
  setNoDelay() { return this; }
  setKeepAlive() { return this; }
  address() { return { address: this.localAddress, family: this.remoteFamily, port: this.localPort }; }
  destroy() { this.destroyed = true; this.readable = false; this.writable = false; return this; }
  end() { return this.destroy(); }
}

// The request body arrives in one chunk once someone reads (a 'data' listener, resume() or pipe()), on a
// microtask, as Node delivers it on a later tick.
class IncomingMessage extends EventEmitter {
  constructor(socket) {
    super();
    this.socket = socket;
    this.connection = socket;
    this.httpVersionMajor = 1;
    this.httpVersionMinor = 1;
    this.httpVersion = '1.1';
    this.complete = false;
    this.readable = true;
    this.aborted = false;
    this.upgrade = false;
    this.method = 'GET';
    this.url = '/';
    this.headers = {};
    this.rawHeaders = [];
    this.trailers = {};
    this.rawTrailers = [];
    this._bodyBuffer = null;
    this._paused = false;
    this._flowScheduled = false;
    this._pipes = [];
    this._encoding = null;
  }
  on(type, listener) {
    super.on(type, listener);
    if (type === 'data') this.resume();
    return this;
  }
  addListener(type, listener) { return this.on(type, listener); }
  setEncoding(encoding) { this._encoding = encoding; return this; }
  pause() { this._paused = true; return this; }
  isPaused() { return this._paused; }
  resume() {
    this._paused = false;
    if (!this._flowScheduled && !this.complete) {
      this._flowScheduled = true;
      queueMicrotask(() => this._flow());
    }
    return this;
  }
  pipe(dest) { this._pipes.push(dest); this.resume(); return dest; }
  unpipe(dest) { this._pipes = dest === undefined ? [] : this._pipes.filter((d) => d !== dest); return this; }
  read() { return null; }
  destroy(err) { this.readable = false; if (err) this.emit('error', err); this.emit('close'); return this; }
  setTimeout() { return this; }
  _flow() {
    this._flowScheduled = false;
    if (this._paused || this.complete) return;
    const body = this._bodyBuffer;
    this._bodyBuffer = null;
    if (body !== null && body.length > 0) {
      const chunk = this._encoding ? body.toString(this._encoding) : body;
      for (const dest of this._pipes) dest.write(chunk);
      this.emit('data', chunk);
    }
    this.complete = true;
    this.readable = false;
    for (const dest of this._pipes) if (typeof dest.end === 'function') dest.end();
    this.emit('end');
  }
  [Symbol.asyncIterator]() {
    let done = false;
    return {
      next: () => {
        if (done) return Promise.resolve({ value: undefined, done: true });
        done = true;
        const body = this._bodyBuffer;
        this._bodyBuffer = null;
        this.complete = true;
        this.readable = false;
        return Promise.resolve(body !== null && body.length > 0 ? { value: body, done: false } : { value: undefined, done: true });
      },
      return: () => { done = true; return Promise.resolve({ value: undefined, done: true }); },
      [Symbol.asyncIterator]() { return this; },
    };
  }
}

function statusHasBody(status) {
  return !(status === 204 || status === 304 || (status >= 100 && status <= 199));
}

class ServerResponse extends EventEmitter {
  constructor(req) {
    super();
    this.req = req;
    this.socket = req.socket;
    this.connection = req.socket;
    this.statusCode = 200;
    this.statusMessage = undefined;
    this.sendDate = true;
    this.headersSent = false;
    this.finished = false;
    this.writableEnded = false;
    this.writableFinished = false;
    this.chunkedEncoding = false;
    this.useChunkedEncodingByDefault = true;
    this._headerMap = Object.create(null);
    this._headerList = null;
    this._hasBody = req.method !== 'HEAD';
    this._chunks = [];
    this._onFinish = null;
  }
  setHeader(name, value) {
    if (this.headersSent) throw headersSentError('set');
    validateName(name);
    validateValue(name, value);
    this._headerMap[name.toLowerCase()] = [name, value];
    return this;
  }
  appendHeader(name, value) {
    if (this.headersSent) throw headersSentError('append');
    validateName(name);
    validateValue(name, value);
    const key = name.toLowerCase();
    const prev = this._headerMap[key];
    if (prev === undefined) this._headerMap[key] = [name, value];
    else prev[1] = [].concat(prev[1], value);
    return this;
  }
  getHeader(name) {
    if (typeof name !== 'string') throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'The "name" argument must be of type string. Received ' + typeof name);
    const entry = this._headerMap[name.toLowerCase()];
    return entry === undefined ? undefined : entry[1];
  }
  getHeaders() {
    const out = Object.create(null);
    for (const key of Object.keys(this._headerMap)) out[key] = this._headerMap[key][1];
    return out;
  }
  getHeaderNames() { return Object.keys(this._headerMap); }
  getRawHeaderNames() { return Object.keys(this._headerMap).map((k) => this._headerMap[k][0]); }
  hasHeader(name) { return this._headerMap[String(name).toLowerCase()] !== undefined; }
  removeHeader(name) {
    if (this.headersSent) throw headersSentError('remove');
    delete this._headerMap[String(name).toLowerCase()];
  }
  flushHeaders() { if (!this.headersSent) this._storeHeader(); }
  writeHead(statusCode, reason, headers) {
    if (this.headersSent) throw headersSentError('write');
    const original = statusCode;
    statusCode |= 0;
    if (statusCode < 100 || statusCode > 999) throw nodeError(RangeError, 'ERR_HTTP_INVALID_STATUS_CODE', 'Invalid status code: ' + original);
    if (typeof reason === 'string') this.statusMessage = reason;
    else {
      if (!this.statusMessage) this.statusMessage = STATUS_CODES[statusCode] || 'unknown';
      headers = headers === undefined ? reason : headers;
    }
    this.statusCode = statusCode;
    if (Array.isArray(headers)) {
      if (headers.length > 0 && Array.isArray(headers[0])) for (const [k, v] of headers) this.appendHeader(k, v);
      else for (let i = 0; i + 1 < headers.length; i += 2) this.appendHeader(headers[i], headers[i + 1]);
    } else if (headers) {
      for (const k of Object.keys(headers)) if (headers[k] !== undefined) this.setHeader(k, headers[k]);
    }
    this._storeHeader();
    return this;
  }
  // Fixes the header block as Node does when it first writes it: Content-Length when the whole body is known,
  // chunked otherwise, nothing for a response that has no body.
  _storeHeader(contentLength) {
    if (this.statusMessage === undefined) this.statusMessage = STATUS_CODES[this.statusCode] || 'unknown';
    if (!statusHasBody(this.statusCode)) this._hasBody = false;
    const list = [];
    const keys = Object.keys(this._headerMap);
    for (let k = 0; k < keys.length; k++) {
      const entry = this._headerMap[keys[k]];
      const name = entry[0];
      const value = entry[1];
      if (Array.isArray(value)) for (let i = 0; i < value.length; i++) list.push([name, String(value[i])]);
      else list.push([name, String(value)]);
    }
    const has = (n) => this._headerMap[n] !== undefined;
    if (!has('content-length') && !has('transfer-encoding') && this._hasBody) {
      if (typeof contentLength === 'number') list.push(['Content-Length', String(contentLength)]);
      else { list.push(['Transfer-Encoding', 'chunked']); this.chunkedEncoding = true; }
    }
    this._headerList = list;
    this.headersSent = true;
  }
  write(chunk, encoding, callback) {
    if (this.writableEnded) {
      const err = nodeError(Error, 'ERR_STREAM_WRITE_AFTER_END', 'write after end');
      queueMicrotask(() => this.emit('error', err));
      return false;
    }
    if (typeof encoding === 'function') { callback = encoding; encoding = undefined; }
    if (chunk === null) throw nodeError(TypeError, 'ERR_STREAM_NULL_VALUES', 'May not write null values to stream');
    if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
      throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'The "chunk" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received ' + typeof chunk);
    }
    if (!this.headersSent) this._storeHeader();
    if (this._hasBody) this._chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, encoding || 'utf8') : Buffer.from(chunk));
    if (typeof callback === 'function') queueMicrotask(callback);
    return true;
  }
  end(chunk, encoding, callback) {
    if (typeof chunk === 'function') { callback = chunk; chunk = undefined; } else if (typeof encoding === 'function') { callback = encoding; encoding = undefined; }
    if (this.writableEnded) { if (typeof callback === 'function') queueMicrotask(callback); return this; }
    let last = null;
    if (chunk !== undefined && chunk !== null) {
      if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
        throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'The "chunk" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received ' + typeof chunk);
      }
      last = typeof chunk === 'string' ? Buffer.from(chunk, encoding || 'utf8') : Buffer.from(chunk);
    }
    if (!this.headersSent) this._storeHeader(last === null ? 0 : last.length);
    if (last !== null && this._hasBody) this._chunks.push(last);
    this.finished = true;
    this.writableEnded = true;
    if (this._onFinish !== null) this._onFinish(this);
    queueMicrotask(() => {
      this.writableFinished = true;
      this.emit('prefinish');
      this.emit('finish');
      if (typeof callback === 'function') callback();
      this.emit('close');
      this.req.emit('close');
    });
    return this;
  }
  setTimeout() { return this; }
  writeContinue() {}
  writeProcessing() {}
  addTrailers() {}
  cork() {}
  uncork() {}
  destroy() { return this; }
  assignSocket() {}
  detachSocket() {}
  /** The response as the harness reports it: status, header lines in order, body bytes. */
  _result() {
    return { status: this.statusCode, headers: this._headerList || [], body: this._chunks.length === 1 ? this._chunks[0] : Buffer.concat(this._chunks) };
  }
}

class OutgoingMessage extends EventEmitter {}

// What app.listen() returns: a server that binds nothing. The harness reads `listening` to find the app a
// module only starts with app.listen().
const listening = [];
class Server extends EventEmitter {
  constructor(options, handler) {
    super();
    if (typeof options === 'function') handler = options;
    this.handler = handler;
    this.listening = false;
    this._port = 0;
  }
  listen(...args) {
    const callback = typeof args[args.length - 1] === 'function' ? args.pop() : undefined;
    const port = typeof args[0] === 'number' || typeof args[0] === 'string' ? Number(args[0]) || 0 : args[0] && args[0].port ? Number(args[0].port) : 0;
    this._port = port || 3000;
    this.listening = true;
    listening.push(this);
    if (callback) this.once('listening', callback);
    queueMicrotask(() => this.emit('listening'));
    return this;
  }
  address() { return this.listening ? { address: '::', family: 'IPv6', port: this._port } : null; }
  close(callback) {
    this.listening = false;
    if (typeof callback === 'function') queueMicrotask(callback);
    queueMicrotask(() => this.emit('close'));
    return this;
  }
  closeAllConnections() {}
  closeIdleConnections() {}
  setTimeout() { return this; }
  ref() { return this; }
  unref() { return this; }
}

module.exports = {
  METHODS,
  STATUS_CODES,
  IncomingMessage,
  ServerResponse,
  OutgoingMessage,
  Server,
  Socket,
  createServer: (options, handler) => new Server(options, handler),
  Agent: function Agent() {},
  globalAgent: {},
  maxHeaderSize: 16384,
  validateHeaderName: validateName,
  validateHeaderValue: validateValue,
  request() { throw new Error('http.request() is not available in the sandbox: it has no network'); },
  get() { throw new Error('http.get() is not available in the sandbox: it has no network'); },
  /** The servers app.listen() started since the last call (the harness serves the last one). */
  _takeListening() { return listening.splice(0, listening.length); },
};
