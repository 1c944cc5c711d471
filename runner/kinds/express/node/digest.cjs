// The host's hash function (sandbox.digest), connected once by the harness at setup. Not a module candidate code
// can require: it reaches hashing only through node:crypto.
let digest = null;

exports.connect = function connect(fn) {
  if (digest !== null) throw new Error('digest already connected');
  digest = fn;
};
exports.digest = function (algorithm, chunks, key, encoding) {
  if (digest === null) throw new Error('crypto is not available before the sandbox is set up');
  // A Buffer is a Uint8Array subclass: the copy to the host wants plain Uint8Arrays.
  const plain = chunks.map((c) => (typeof c === 'string' || c.constructor === Uint8Array ? c : new Uint8Array(c.buffer, c.byteOffset, c.byteLength)));
  const plainKey = key === undefined ? undefined : typeof key === 'string' || key.constructor === Uint8Array ? key : new Uint8Array(key.buffer, key.byteOffset, key.byteLength);
  return digest(algorithm, plain, plainKey, encoding);
};
