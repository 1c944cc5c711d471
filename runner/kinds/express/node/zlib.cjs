// node:zlib: compressed request bodies are not supported in the sandbox (body-parser then answers 415).
function unsupported() {
  const err = new Error('compressed request bodies are not supported in the sandbox');
  err.status = 415;
  err.type = 'encoding.unsupported';
  throw err;
}
exports.createInflate = unsupported;
exports.createGunzip = unsupported;
exports.createBrotliDecompress = unsupported;
