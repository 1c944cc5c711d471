// node:buffer: the `buffer` package (Node's Buffer for other runtimes), taught the 'base64url' encoding
// Node has and buffer@6 lacks.
const pkg = require('assay-buffer-package');

const { Buffer } = pkg;
const isUrl = (encoding) => typeof encoding === 'string' && encoding.toLowerCase() === 'base64url';
const toStandard = (s) => String(s).replace(/-/g, '+').replace(/_/g, '/');

// buffer@6 encodes and measures UTF-8 text byte by byte through a JavaScript array, which runs cold in every
// new isolate; Express turns every response body into a Buffer (for its ETag). ASCII text, the common case,
// is one byte per unit: checked by the engine's regular expression, copied in one loop.
const ASCII = /^[\x00-\x7f]*$/;
const isUtf8 = (encoding) => encoding === undefined || encoding === 'utf8' || encoding === 'utf-8';
const fromAscii = (s) => {
  const buf = Buffer.allocUnsafe(s.length);
  for (let i = 0; i < s.length; i++) buf[i] = s.charCodeAt(i);
  return buf;
};

const from = Buffer.from;
Buffer.from = function (value, encodingOrOffset, length) {
  if (typeof value === 'string') {
    if (isUtf8(encodingOrOffset) && ASCII.test(value)) return fromAscii(value);
    if (isUrl(encodingOrOffset)) return from.call(Buffer, toStandard(value), 'base64');
  }
  return from.call(Buffer, value, encodingOrOffset, length);
};
const toString = Buffer.prototype.toString;
Buffer.prototype.toString = function (encoding, start, end) {
  if (isUrl(encoding)) return toString.call(this, 'base64', start, end).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return toString.apply(this, arguments);
};
Buffer.prototype.toLocaleString = Buffer.prototype.toString;
const write = Buffer.prototype.write;
Buffer.prototype.write = function (string, offset, length, encoding) {
  for (let i = 1; i < arguments.length; i++) {
    if (isUrl(arguments[i])) {
      const args = Array.prototype.slice.call(arguments);
      args[0] = toStandard(string);
      args[i] = 'base64';
      return write.apply(this, args);
    }
  }
  return write.apply(this, arguments);
};
const byteLength = Buffer.byteLength;
Buffer.byteLength = function (string, encoding) {
  if (typeof string === 'string' && isUtf8(encoding) && ASCII.test(string)) return string.length;
  return isUrl(encoding) ? byteLength.call(Buffer, toStandard(string), 'base64') : byteLength.call(Buffer, string, encoding);
};
const isEncoding = Buffer.isEncoding;
Buffer.isEncoding = function (encoding) { return isUrl(encoding) || isEncoding.call(Buffer, encoding); };

module.exports = pkg;
