// node:crypto inside the sandbox: hashes and HMACs by the host's native crypto (sandbox.digest, connected by
// the harness through ./digest.cjs), randomness from the per-test seed.
const { Buffer } = require('buffer');
const random = require('./random.cjs');
const host = require('./digest.cjs');

// Node's names for the algorithms the host computes.
const HASHES = {
  md5: 'md5', sha1: 'sha1', 'sha-1': 'sha1', sha224: 'sha224', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512',
  'sha-224': 'sha224', 'sha-256': 'sha256', 'sha-384': 'sha384', 'sha-512': 'sha512',
  rsa_sha1: 'sha1', 'rsa-sha1': 'sha1', 'rsa-sha256': 'sha256', 'rsa-sha512': 'sha512',
};

function hashOf(algorithm) {
  const key = String(algorithm).toLowerCase();
  const h = Object.prototype.hasOwnProperty.call(HASHES, key) ? HASHES[key] : undefined;
  if (h === undefined) {
    const err = new Error('Digest method not supported');
    err.code = 'ERR_CRYPTO_INVALID_DIGEST';
    throw err;
  }
  return h;
}
function bytesOf(data, encoding, name) {
  if (typeof data === 'string') return Buffer.from(data, encoding || 'utf8');
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  const err = new TypeError('The "' + name + '" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received ' + (data === null ? 'null' : typeof data));
  err.code = 'ERR_INVALID_ARG_TYPE';
  throw err;
}
// A UTF-8 string crosses to the host as it is (the host encodes it natively); other encodings become bytes here.
function chunkOf(data, encoding, name) {
  if (typeof data === 'string' && (encoding === undefined || encoding === null || /^utf-?8$/i.test(encoding))) return data;
  return bytesOf(data, encoding, name);
}
// The host answers hex, base64, base64url and latin1 as a string itself (Express's ETag is a base64 digest).
const HOST_ENCODINGS = { hex: 'hex', base64: 'base64', base64url: 'base64url', latin1: 'latin1', binary: 'latin1' };
function hostEncoding(encoding) {
  return typeof encoding === 'string' && Object.prototype.hasOwnProperty.call(HOST_ENCODINGS, encoding) ? HOST_ENCODINGS[encoding] : undefined;
}
function output(result, encoding) {
  if (typeof result === 'string') return result;
  const buf = Buffer.from(result.buffer, result.byteOffset, result.byteLength);
  return encoding === undefined || encoding === 'buffer' ? buf : buf.toString(encoding);
}
function finalized() {
  const e = new Error('Digest already called');
  e.code = 'ERR_CRYPTO_HASH_FINALIZED';
  return e;
}

// What a hash and an HMAC share: chunks kept until digest(), which the host computes (with the HMAC's key).
class Digester {
  constructor(algorithm, chunks, key) {
    this._algorithm = hashOf(algorithm);
    this._chunks = chunks;
    this._key = key;
    this._done = false;
  }
  update(data, encoding) {
    if (this._done) throw finalized();
    this._chunks.push(chunkOf(data, encoding, 'data'));
    return this;
  }
  digest(encoding) {
    if (this._done) throw finalized();
    this._done = true;
    return output(host.digest(this._algorithm, this._chunks, this._key, hostEncoding(encoding)), encoding);
  }
}
class Hash extends Digester {
  constructor(algorithm, chunks) {
    super(algorithm, chunks || [], undefined);
  }
  copy() {
    if (this._done) throw finalized();
    return new Hash(this._algorithm, this._chunks.slice());
  }
}
class Hmac extends Digester {
  constructor(algorithm, key) {
    super(algorithm, [], chunkOf(typeof key === 'object' && key !== null && key.export ? key.export() : key, 'utf8', 'key'));
  }
}

function randomBytes(size, callback) {
  if (typeof size !== 'number' || size < 0 || size > 2147483647 || !Number.isInteger(size)) {
    const err = new RangeError('The value of "size" is out of range. It must be >= 0 && <= 2147483647. Received ' + size);
    err.code = 'ERR_OUT_OF_RANGE';
    throw err;
  }
  const buf = random.fill(Buffer.alloc(size));
  if (typeof callback === 'function') { queueMicrotask(() => callback(null, buf)); return undefined; }
  return buf;
}
function getRandomValues(array) {
  if (!ArrayBuffer.isView(array) || array instanceof Float32Array || array instanceof Float64Array || array instanceof DataView) {
    const err = new TypeError('The data argument must be an integer-type TypedArray');
    err.name = 'TypeMismatchError';
    throw err;
  }
  if (array.byteLength > 65536) {
    const err = new RangeError('The ArrayBufferView\'s byte length (' + array.byteLength + ') exceeds the number of bytes of entropy available via this API (65536)');
    err.name = 'QuotaExceededError';
    throw err;
  }
  random.fill(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  return array;
}
function randomUUID() {
  const b = random.fill(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  let hex = '';
  for (let i = 0; i < 16; i++) hex += (b[i] < 16 ? '0' : '') + b[i].toString(16);
  return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
}
function randomInt(min, max, callback) {
  if (max === undefined || typeof max === 'function') { callback = max; max = min; min = 0; }
  const range = max - min;
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || range <= 0) {
    const err = new RangeError('The value of "max" is out of range. It must be greater than the value of "min" (' + min + '). Received ' + max);
    err.code = 'ERR_OUT_OF_RANGE';
    throw err;
  }
  const value = min + Math.floor((random.uint32() * 4294967296 + random.uint32()) / 18446744073709551616 * range);
  if (typeof callback === 'function') { queueMicrotask(() => callback(null, value)); return undefined; }
  return value;
}
function timingSafeEqual(a, b) {
  a = bytesOf(a, undefined, 'buf1');
  b = bytesOf(b, undefined, 'buf2');
  if (a.byteLength !== b.byteLength) {
    const err = new RangeError('Input buffers must have the same byte length');
    err.code = 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH';
    throw err;
  }
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
function unavailable(name) {
  return function () { throw new Error('crypto.' + name + '() is not available in the sandbox'); };
}

module.exports = {
  createHash: (algorithm) => new Hash(algorithm),
  createHmac: (algorithm, key) => new Hmac(algorithm, key),
  hash: (algorithm, data, encoding) => new Hash(algorithm).update(data).digest(encoding === undefined ? 'hex' : encoding),
  getHashes: () => ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'],
  randomBytes,
  randomFillSync: (buf) => { random.fill(new Uint8Array(buf.buffer || buf, buf.byteOffset || 0, buf.byteLength)); return buf; },
  randomUUID,
  randomInt,
  getRandomValues,
  timingSafeEqual,
  webcrypto: { getRandomValues, randomUUID },
  pbkdf2Sync: unavailable('pbkdf2Sync'),
  scryptSync: unavailable('scryptSync'),
  createCipheriv: unavailable('createCipheriv'),
  createDecipheriv: unavailable('createDecipheriv'),
  createSign: unavailable('createSign'),
  createVerify: unavailable('createVerify'),
  generateKeyPairSync: unavailable('generateKeyPairSync'),
};
