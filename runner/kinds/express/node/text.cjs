// TextEncoder and TextDecoder (Web APIs Node has and V8 alone has not): UTF-8, UTF-16LE and latin1.
const LABELS = {
  'utf-8': 'utf-8', utf8: 'utf-8', 'unicode-1-1-utf-8': 'utf-8',
  'utf-16le': 'utf-16le', 'utf-16': 'utf-16le', ucs2: 'utf-16le', 'ucs-2': 'utf-16le', utf16le: 'utf-16le',
  latin1: 'windows-1252', 'iso-8859-1': 'windows-1252', 'windows-1252': 'windows-1252', ascii: 'windows-1252', 'us-ascii': 'windows-1252', 'iso8859-1': 'windows-1252', l1: 'windows-1252', cp1252: 'windows-1252',
};

class TextEncoder {
  get encoding() { return 'utf-8'; }
  encode(input = '') {
    const s = String(input);
    const out = new Uint8Array(s.length * 3);
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; }
      }
      if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
      if (c < 0x80) out[n++] = c;
      else if (c < 0x800) { out[n++] = 0xc0 | (c >> 6); out[n++] = 0x80 | (c & 63); }
      else if (c < 0x10000) { out[n++] = 0xe0 | (c >> 12); out[n++] = 0x80 | ((c >> 6) & 63); out[n++] = 0x80 | (c & 63); }
      else { out[n++] = 0xf0 | (c >> 18); out[n++] = 0x80 | ((c >> 12) & 63); out[n++] = 0x80 | ((c >> 6) & 63); out[n++] = 0x80 | (c & 63); }
    }
    return out.slice(0, n);
  }
  encodeInto(input, dest) {
    const bytes = this.encode(input);
    const n = Math.min(bytes.length, dest.length);
    dest.set(bytes.subarray(0, n));
    return { read: String(input).length, written: n };
  }
}

function bytesOf(input) {
  if (input === undefined) return new Uint8Array(0);
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const err = new TypeError('The "input" argument must be an instance of ArrayBuffer or ArrayBufferView. Received ' + typeof input);
  err.code = 'ERR_INVALID_ARG_TYPE';
  throw err;
}

class TextDecoder {
  constructor(label = 'utf-8', options = {}) {
    const encoding = LABELS[String(label).trim().toLowerCase()];
    if (encoding === undefined) {
      const err = new RangeError('The "' + label + '" encoding is not supported');
      err.code = 'ERR_ENCODING_NOT_SUPPORTED';
      throw err;
    }
    this._encoding = encoding;
    this._fatal = Boolean(options && options.fatal);
    this._ignoreBOM = Boolean(options && options.ignoreBOM);
    this._pending = null;
    this._bomSeen = false;
  }
  get encoding() { return this._encoding; }
  get fatal() { return this._fatal; }
  get ignoreBOM() { return this._ignoreBOM; }
  decode(input, options) {
    let bytes = bytesOf(input);
    const stream = Boolean(options && options.stream);
    if (this._pending !== null) { const joined = new Uint8Array(this._pending.length + bytes.length); joined.set(this._pending); joined.set(bytes, this._pending.length); bytes = joined; this._pending = null; }
    let out;
    if (this._encoding === 'windows-1252') { out = ''; for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i]); }
    else if (this._encoding === 'utf-16le') {
      const even = bytes.length - (bytes.length % 2);
      if (stream && even < bytes.length) this._pending = bytes.slice(even);
      out = '';
      for (let i = 0; i < even; i += 2) out += String.fromCharCode(bytes[i] | (bytes[i + 1] << 8));
      if (!stream && even < bytes.length) out += this._invalid();
      if (!this._ignoreBOM && !this._bomSeen && out.charCodeAt(0) === 0xfeff) out = out.slice(1);
    } else out = this._utf8(bytes, stream);
    if (out.length > 0) this._bomSeen = true;
    if (!stream) this._bomSeen = false;
    return out;
  }
  _invalid() {
    if (this._fatal) { const err = new TypeError('The encoded data was not valid for encoding ' + this._encoding); err.code = 'ERR_ENCODING_INVALID_ENCODED_DATA'; throw err; }
    return '\ufffd';
  }
  _utf8(bytes, stream) {
    // Most bodies are ASCII: decoded 8 KB at a time by the engine instead of byte by byte.
    let ascii = true;
    for (let k = 0; k < bytes.length; k++) if (bytes[k] > 0x7f) { ascii = false; break; }
    if (ascii) {
      let s = '';
      for (let k = 0; k < bytes.length; k += 8192) s += String.fromCharCode.apply(null, bytes.subarray(k, k + 8192));
      return s;
    }
    let out = '';
    let i = 0;
    if (!this._ignoreBOM && !this._bomSeen && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
    const parts = [];
    while (i < bytes.length) {
      const b = bytes[i];
      if (b < 0x80) { out += String.fromCharCode(b); i++; if (out.length > 8192) { parts.push(out); out = ''; } continue; }
      let need = 0;
      let cp = 0;
      let lower = 0x80;
      let upper = 0xbf;
      if (b >= 0xc2 && b <= 0xdf) { need = 1; cp = b & 0x1f; }
      else if (b >= 0xe0 && b <= 0xef) { need = 2; cp = b & 0xf; if (b === 0xe0) lower = 0xa0; if (b === 0xed) upper = 0x9f; }
      else if (b >= 0xf0 && b <= 0xf4) { need = 3; cp = b & 0x7; if (b === 0xf0) lower = 0x90; if (b === 0xf4) upper = 0x8f; }
      else { out += this._invalid(); i++; continue; }
      let j = 1;
      for (; j <= need; j++) {
        if (i + j >= bytes.length) {
          if (stream) { this._pending = bytes.slice(i); parts.push(out); return parts.join(''); }
          break;
        }
        const c = bytes[i + j];
        if (c < (j === 1 ? lower : 0x80) || c > (j === 1 ? upper : 0xbf)) break;
        cp = (cp << 6) | (c & 0x3f);
      }
      if (j <= need) { out += this._invalid(); i += j; continue; }
      out += String.fromCodePoint(cp);
      i += need + 1;
    }
    parts.push(out);
    return parts.join('');
  }
}

module.exports = { TextEncoder, TextDecoder };
