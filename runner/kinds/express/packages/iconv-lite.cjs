// `iconv-lite` inside the sandbox: the charsets TextDecoder knows (utf-8, utf-16le, latin1 …), not iconv-lite's
// ~300 KB of code-page tables. An unknown charset is "unsupported", as iconv-lite says for one it lacks.
const { Buffer } = require('buffer');

function decoderOf(encoding) {
  try {
    return new TextDecoder(String(encoding).toLowerCase() === 'binary' ? 'latin1' : String(encoding));
  } catch (e) {
    return null;
  }
}
exports.encodingExists = (encoding) => decoderOf(encoding) !== null;
exports.getDecoder = (encoding) => {
  const decoder = decoderOf(encoding);
  if (decoder === null) {
    const err = new Error('Encoding not recognized: \'' + encoding + '\' (searched as: \'' + String(encoding).toLowerCase().replace(/[^0-9a-z]|:\d{4}$/g, '') + '\')');
    throw err;
  }
  return {
    write: (chunk) => decoder.decode(chunk, { stream: true }),
    end: () => decoder.decode() || undefined,
  };
};
exports.decode = (buffer, encoding) => {
  const decoder = decoderOf(encoding);
  if (decoder === null) throw new Error('Encoding not recognized: \'' + encoding + '\'');
  return decoder.decode(buffer);
};
exports.encode = (string, encoding) => Buffer.from(String(string), encoding === 'latin1' || encoding === 'binary' ? 'latin1' : 'utf8');
