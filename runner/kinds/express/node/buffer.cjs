// node:buffer: the `buffer` package (Node's Buffer for other runtimes), taught the 'base64url' encoding
// Node has and buffer@6 lacks.
const pkg = require('assay-buffer-package');

const { Buffer } = pkg;
const isUrl = (encoding) => typeof encoding === 'string' && encoding.toLowerCase() === 'base64url';
const toStandard = (s) => String(s).replace(/-/g, '+').replace(/_/g, '/');

const from = Buffer.from;
Buffer.from = function (value, encodingOrOffset, length) {
  if (typeof value === 'string' && isUrl(encodingOrOffset)) return from.call(Buffer, toStandard(value), 'base64');
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
  return isUrl(encoding) ? byteLength.call(Buffer, toStandard(string), 'base64') : byteLength.call(Buffer, string, encoding);
};
const isEncoding = Buffer.isEncoding;
Buffer.isEncoding = function (encoding) { return isUrl(encoding) || isEncoding.call(Buffer, encoding); };

module.exports = pkg;
