// URL, URLSearchParams and node:url inside the sandbox (V8 alone has none of them). The WHATWG parser is
// followed for what handlers meet: special schemes (http, https, ws, wss, ftp, file), credentials, ports,
// dot segments, percent-encoding, relative references against a base; no IDNA (hosts are lowercased).
const SPECIAL = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443', 'ftp:': '21', 'file:': '' };

function invalid(input) {
  const err = new TypeError('Invalid URL');
  err.code = 'ERR_INVALID_URL';
  err.input = input;
  return err;
}

// Percent-encode sets (WHATWG URL: C0 control, fragment, query, special-query, path, userinfo).
const C0 = (c) => c < 0x20 || c > 0x7e;
const FRAGMENT = (c) => C0(c) || c === 0x20 || c === 0x22 || c === 0x3c || c === 0x3e || c === 0x60;
const QUERY = (c) => C0(c) || c === 0x20 || c === 0x22 || c === 0x23 || c === 0x3c || c === 0x3e;
const SPECIAL_QUERY = (c) => QUERY(c) || c === 0x27;
const PATH = (c) => QUERY(c) || c === 0x3f || c === 0x60 || c === 0x7b || c === 0x7d;
const USERINFO = (c) => PATH(c) || c === 0x2f || c === 0x3a || c === 0x3b || c === 0x3d || c === 0x40 || (c >= 0x5b && c <= 0x5e) || c === 0x7c;
const FORM = (c) => !((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2a || c === 0x2d || c === 0x2e || c === 0x5f);

const encoder = { encode: (s) => utf8(s) };
function utf8(s) {
  const out = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.codePointAt(i);
    if (c > 0xffff) i++;
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}
function encodeSet(s, inSet, spaceAsPlus) {
  let out = '';
  for (const ch of String(s)) {
    const code = ch.codePointAt(0);
    if (spaceAsPlus && code === 0x20) { out += '+'; continue; }
    if (code < 0x80 && !inSet(code)) { out += ch; continue; }
    for (const b of encoder.encode(ch)) out += '%' + (b < 16 ? '0' : '') + b.toString(16).toUpperCase();
  }
  return out;
}
function decodeForm(s) {
  const bytes = [];
  const str = String(s).replace(/\+/g, ' ');
  for (let i = 0; i < str.length; i++) {
    const ch = str[i];
    if (ch === '%' && /^[0-9a-fA-F]{2}$/.test(str.slice(i + 1, i + 3))) { bytes.push(parseInt(str.slice(i + 1, i + 3), 16)); i += 2; }
    else for (const b of encoder.encode(str.codePointAt(i) > 0xffff ? str.slice(i, ++i + 1) : ch)) bytes.push(b);
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

class URLSearchParams {
  constructor(init) {
    this._list = [];
    this._url = null;
    if (init === undefined || init === null) return;
    if (typeof init === 'object' || typeof init === 'function') {
      if (typeof init[Symbol.iterator] === 'function') {
        for (const pair of init) {
          const p = [...pair];
          if (p.length !== 2) throw new TypeError('Each query pair must be an iterable [name, value] tuple');
          this._list.push([String(p[0]), String(p[1])]);
        }
      } else for (const k of Object.keys(init)) this._list.push([k, String(init[k])]);
      return;
    }
    this._parse(String(init));
  }
  _parse(s) {
    this._list = [];
    if (s[0] === '?') s = s.slice(1);
    for (const part of s.split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      this._list.push(eq < 0 ? [decodeForm(part), ''] : [decodeForm(part.slice(0, eq)), decodeForm(part.slice(eq + 1))]);
    }
  }
  _update() { if (this._url) { const q = this.toString(); this._url._query = q === '' ? null : q; } }
  get size() { return this._list.length; }
  append(name, value) { this._list.push([String(name), String(value)]); this._update(); }
  delete(name, value) {
    name = String(name);
    this._list = this._list.filter(([k, v]) => !(k === name && (value === undefined || v === String(value))));
    this._update();
  }
  get(name) { const e = this._list.find(([k]) => k === String(name)); return e === undefined ? null : e[1]; }
  getAll(name) { return this._list.filter(([k]) => k === String(name)).map(([, v]) => v); }
  has(name, value) { return this._list.some(([k, v]) => k === String(name) && (value === undefined || v === String(value))); }
  set(name, value) {
    name = String(name);
    const i = this._list.findIndex(([k]) => k === name);
    if (i < 0) this._list.push([name, String(value)]);
    else { this._list[i][1] = String(value); this._list = this._list.filter(([k], j) => k !== name || j === i); }
    this._update();
  }
  sort() {
    this._list = this._list.map((e, i) => [e, i]).sort((x, y) => (x[0][0] < y[0][0] ? -1 : x[0][0] > y[0][0] ? 1 : x[1] - y[1])).map(([e]) => e);
    this._update();
  }
  forEach(fn, thisArg) { for (const [k, v] of this._list) fn.call(thisArg, v, k, this); }
  *entries() { for (const [k, v] of this._list) yield [k, v]; }
  *keys() { for (const [k] of this._list) yield k; }
  *values() { for (const [, v] of this._list) yield v; }
  [Symbol.iterator]() { return this.entries(); }
  toString() { return this._list.map(([k, v]) => encodeSet(k, FORM, true) + '=' + encodeSet(v, FORM, true)).join('&'); }
  get [Symbol.toStringTag]() { return 'URLSearchParams'; }
}

function normalizePath(segments, special) {
  const out = [];
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    const lower = seg.toLowerCase();
    const last = i === segments.length - 1;
    if (seg === '..' || lower === '.%2e' || lower === '%2e.' || lower === '%2e%2e') {
      if (out.length > 0) out.pop();
      if (last) out.push('');
    } else if (seg === '.' || lower === '%2e') {
      if (last) out.push('');
    } else out.push(encodeSet(seg, PATH));
  }
  return out;
}

function parseHost(host, special, input) {
  if (host === '') { if (special) throw invalid(input); return ''; }
  if (host[0] === '[') { if (host[host.length - 1] !== ']') throw invalid(input); return host.toLowerCase(); }
  if (!special) return encodeSet(host, C0);
  let decoded;
  try { decoded = decodeURIComponent(host); } catch (e) { throw invalid(input); }
  decoded = decoded.toLowerCase();
  if (/[\x00-\x20#%/:<>?@[\\\]^|]/.test(decoded)) throw invalid(input);
  const parts = decoded.split('.');
  if (parts[parts.length - 1] === '') parts.pop();
  if (parts.length > 0 && /^(0x[0-9a-f]*|\d+)$/.test(parts[parts.length - 1])) {
    // An IPv4 address, maybe in hex or octal parts.
    const nums = parts.map((p) => (p === '' ? NaN : /^0x/.test(p) ? parseInt(p.slice(2) || '0', 16) : /^0\d/.test(p) ? parseInt(p, 8) : Number(p)));
    if (nums.some((n) => Number.isNaN(n)) || nums.length > 4) throw invalid(input);
    for (let i = 0; i < nums.length - 1; i++) if (nums[i] > 255) throw invalid(input);
    if (nums[nums.length - 1] >= 256 ** (5 - nums.length)) throw invalid(input);
    let ipv4 = nums[nums.length - 1];
    for (let i = 0; i < nums.length - 1; i++) ipv4 += nums[i] * 256 ** (3 - i);
    return [ipv4 >>> 24, (ipv4 >>> 16) & 255, (ipv4 >>> 8) & 255, ipv4 & 255].join('.');
  }
  return decoded;
}

class URL {
  constructor(input, base) {
    input = String(input);
    let baseUrl = null;
    if (base !== undefined) baseUrl = base instanceof URL ? base : new URL(base);
    this._parse(input.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '').replace(/[\t\n\r]/g, ''), baseUrl, input);
    this._params = null;
  }
  _parse(s, base, input) {
    const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/.exec(s);
    let rest;
    if (m) {
      this._protocol = m[1].toLowerCase() + ':';
      rest = m[2];
      if (base && base._protocol === this._protocol && this._protocol in SPECIAL && !/^[/\\]/.test(rest)) {
        return this._relative(rest, base, input);
      }
    } else {
      if (!base) throw invalid(input);
      this._protocol = base._protocol;
      return this._relative(s, base, input);
    }
    const special = this._protocol in SPECIAL;
    if (special ? /^[/\\]{2}/.test(rest) || this._protocol !== 'file:' : rest.startsWith('//')) {
      if (special) rest = rest.replace(/^[/\\]*/, '');
      else rest = rest.slice(2);
      this._authority(rest, special, input);
    } else {
      this._username = ''; this._password = ''; this._hostname = null; this._port = '';
      this._opaque = !special && !rest.startsWith('/');
      this._rest(rest, special, input);
    }
  }
  _authority(rest, special, input) {
    const end = rest.search(special ? /[/\\?#]/ : /[/?#]/);
    const authority = end < 0 ? rest : rest.slice(0, end);
    const after = end < 0 ? '' : rest.slice(end);
    const at = authority.lastIndexOf('@');
    const creds = at < 0 ? '' : authority.slice(0, at);
    const hostport = at < 0 ? authority : authority.slice(at + 1);
    const colon = creds.indexOf(':');
    this._username = encodeSet(colon < 0 ? creds : creds.slice(0, colon), USERINFO);
    this._password = colon < 0 ? '' : encodeSet(creds.slice(colon + 1), USERINFO);
    const pm = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(hostport);
    this._hostname = parseHost(pm[1], special, input);
    let port = pm[2] === undefined ? '' : pm[2];
    if (port !== '' && !/^\d+$/.test(port)) throw invalid(input);
    if (port !== '') { const n = Number(port); if (n > 65535) throw invalid(input); port = String(n); }
    this._port = SPECIAL[this._protocol] === port ? '' : port;
    this._opaque = false;
    this._rest(after, special, input);
  }
  _rest(rest, special, input) {
    let hash = null;
    let query = null;
    const h = rest.indexOf('#');
    if (h >= 0) { hash = encodeSet(rest.slice(h + 1), FRAGMENT); rest = rest.slice(0, h); }
    const q = rest.indexOf('?');
    if (q >= 0) { query = encodeSet(rest.slice(q + 1), special ? SPECIAL_QUERY : QUERY); rest = rest.slice(0, q); }
    if (this._opaque) this._path = encodeSet(rest, C0);
    else {
      if (special) rest = rest.replace(/\\/g, '/');
      const segs = rest === '' ? (special ? [''] : []) : rest.replace(/^\//, '').split('/');
      this._path = segs.length === 0 ? '' : '/' + normalizePath(segs, special).join('/');
    }
    this._query = query;
    this._hash = hash;
  }
  _relative(s, base, input) {
    const special = this._protocol in SPECIAL;
    if (special ? /^[/\\]{2}/.test(s) : s.startsWith('//')) return this._authority(s.replace(special ? /^[/\\]*/ : /^\/\//, ''), special, input);
    if (base._opaque) {
      if (s[0] !== '#') throw invalid(input);
      Object.assign(this, { _username: base._username, _password: base._password, _hostname: base._hostname, _port: base._port, _opaque: true, _path: base._path, _query: base._query, _hash: encodeSet(s.slice(1), FRAGMENT) });
      return undefined;
    }
    this._username = base._username; this._password = base._password; this._hostname = base._hostname; this._port = base._port; this._opaque = false;
    if (s === '') { this._path = base._path; this._query = base._query; this._hash = null; return undefined; }
    if (s[0] === '#') { this._path = base._path; this._query = base._query; this._hash = encodeSet(s.slice(1), FRAGMENT); return undefined; }
    if (s[0] === '?') { this._path = base._path; this._rest(s, special, input); this._path = base._path; return undefined; }
    if (/^[/]/.test(s) || (special && s[0] === '\\')) return this._rest(s, special, input);
    const dir = base._path.slice(0, base._path.lastIndexOf('/') + 1);
    return this._rest(dir + s, special, input);
  }
  get protocol() { return this._protocol; }
  set protocol(v) { const p = String(v).replace(/:.*$/, '').toLowerCase() + ':'; if ((p in SPECIAL) === (this._protocol in SPECIAL)) { this._protocol = p; if (SPECIAL[p] === this._port) this._port = ''; } }
  get username() { return this._username; }
  set username(v) { if (this._hostname) this._username = encodeSet(v, USERINFO); }
  get password() { return this._password; }
  set password(v) { if (this._hostname) this._password = encodeSet(v, USERINFO); }
  get hostname() { return this._hostname === null ? '' : this._hostname; }
  set hostname(v) { if (!this._opaque) this._hostname = parseHost(String(v), this._protocol in SPECIAL, v); }
  get port() { return this._port; }
  set port(v) { const m = /^\d*/.exec(String(v))[0]; this._port = m === '' ? '' : SPECIAL[this._protocol] === String(Number(m)) ? '' : String(Number(m)); }
  get host() { return this._hostname === null ? '' : this._hostname + (this._port ? ':' + this._port : ''); }
  set host(v) { const [h, p] = String(v).split(':'); this.hostname = h; if (p !== undefined) this.port = p; }
  get origin() { return this._protocol in SPECIAL && this._protocol !== 'file:' ? this._protocol + '//' + this.host : 'null'; }
  get pathname() { return this._path; }
  set pathname(v) {
    if (this._opaque) return;
    const query = this._query;
    const hash = this._hash;
    const path = String(v).replace(/\?/g, '%3F').replace(/#/g, '%23');
    this._rest(path[0] === '/' ? path : '/' + path, this._protocol in SPECIAL, v);
    this._query = query;
    this._hash = hash;
  }
  get search() { return this._query === null || this._query === '' ? '' : '?' + this._query; }
  set search(v) { v = String(v); if (v[0] === '?') v = v.slice(1); this._query = v === '' ? null : encodeSet(v, this._protocol in SPECIAL ? SPECIAL_QUERY : QUERY); if (this._params) this._params._parse(v); }
  get searchParams() {
    if (this._params === null) { this._params = new URLSearchParams(this._query || ''); this._params._url = this; }
    return this._params;
  }
  get hash() { return this._hash === null || this._hash === '' ? '' : '#' + this._hash; }
  set hash(v) { v = String(v); if (v[0] === '#') v = v.slice(1); this._hash = v === '' ? null : encodeSet(v, FRAGMENT); }
  get href() {
    let s = this._protocol;
    if (this._hostname !== null) {
      s += '//';
      if (this._username || this._password) s += this._username + (this._password ? ':' + this._password : '') + '@';
      s += this.host;
    }
    s += this._path;
    if (this._query !== null) s += '?' + this._query;
    if (this._hash !== null) s += '#' + this._hash;
    return s;
  }
  set href(v) { const u = new URL(v); Object.assign(this, u); this._params = null; }
  toString() { return this.href; }
  toJSON() { return this.href; }
  get [Symbol.toStringTag]() { return 'URL'; }
  static canParse(input, base) { try { new URL(input, base); return true; } catch (e) { return false; } }
  static parse(input, base) { try { return new URL(input, base); } catch (e) { return null; } }
}

// The legacy url.parse() (parseurl falls back to it for anything but a plain path).
function Url() {
  this.protocol = null; this.slashes = null; this.auth = null; this.host = null; this.port = null; this.hostname = null;
  this.hash = null; this.search = null; this.query = null; this.pathname = null; this.path = null; this.href = null;
}
function parse(str, parseQuery) {
  const u = new Url();
  let rest = String(str).trim();
  const h = rest.indexOf('#');
  if (h >= 0) { u.hash = rest.slice(h); rest = rest.slice(0, h); }
  const q = rest.indexOf('?');
  if (q >= 0) { u.search = rest.slice(q); u.query = rest.slice(q + 1); rest = rest.slice(0, q); } else if (parseQuery) { u.search = ''; u.query = {}; }
  if (parseQuery && typeof u.query === 'string') u.query = Object.fromEntries(new URLSearchParams(u.query));
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:)?(\/\/([^/]*))?(.*)$/.exec(rest);
  if (m[1] || m[2]) {
    u.protocol = m[1] ? m[1].toLowerCase() : null;
    if (m[2] !== undefined) {
      u.slashes = true;
      const auth = m[3].lastIndexOf('@');
      if (auth >= 0) u.auth = decodeURIComponent(m[3].slice(0, auth));
      u.host = (auth >= 0 ? m[3].slice(auth + 1) : m[3]).toLowerCase();
      const pm = /^(.*?)(?::(\d*))?$/.exec(u.host);
      u.hostname = pm[1];
      u.port = pm[2] || null;
    }
    rest = m[4];
  }
  u.pathname = rest === '' ? (u.slashes ? '/' : null) : rest.replace(/ /g, '%20');
  u.search = u.search && u.search.replace(/ /g, '%20');
  u.path = (u.pathname || '') + (u.search || '') || null;
  u.href = format(u);
  return u;
}
function format(u) {
  if (typeof u === 'string') u = parse(u);
  if (u instanceof URL) return u.href;
  let s = '';
  if (u.protocol) s += u.protocol + (u.protocol.endsWith(':') ? '' : ':') + (u.slashes || /^(https?|ftp|file|wss?):?$/.test(u.protocol) ? '//' : '');
  else if (u.slashes) s += '//';
  if (u.auth) s += encodeURIComponent(u.auth).replace(/%3A/i, ':') + '@';
  if (u.host) s += u.host;
  else if (u.hostname) s += u.hostname + (u.port ? ':' + u.port : '');
  s += u.pathname || '';
  if (u.search) s += u.search;
  else if (u.query && typeof u.query === 'object') { const qs = new URLSearchParams(u.query).toString(); if (qs) s += '?' + qs; }
  if (u.hash) s += u.hash;
  return s;
}
function resolve(from, to) { return new URL(to, new URL(from, 'resolve://')).href.replace(/^resolve:\/\//, ''); }

module.exports = {
  URL,
  URLSearchParams,
  Url,
  parse,
  format,
  resolve,
  domainToASCII: (d) => String(d).toLowerCase(),
  domainToUnicode: (d) => String(d),
  fileURLToPath() { throw new Error('url.fileURLToPath() is not available in the sandbox: it has no file system'); },
  pathToFileURL() { throw new Error('url.pathToFileURL() is not available in the sandbox: it has no file system'); },
};
