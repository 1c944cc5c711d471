// The one source of randomness in the sandbox (Math.random, crypto.*): sfc32, reseeded by the harness at the
// start of every test, so the same submission gives the same answers every time it is judged.
let a = 0;
let b = 0;
let c = 0;
let d = 1;

function next() {
  a |= 0; b |= 0; c |= 0; d |= 0;
  const t = (((a + b) | 0) + d) | 0;
  d = (d + 1) | 0;
  a = b ^ (b >>> 9);
  b = (c + (c << 3)) | 0;
  c = (c << 21) | (c >>> 11);
  c = (c + t) | 0;
  return t >>> 0;
}

exports.seed = function seed(n) {
  a = 0x9e3779b9; b = 0x243f6a88; c = 0xb7e15162; d = n >>> 0;
  for (let i = 0; i < 15; i++) next();
};
exports.uint32 = next;
exports.random = function random() { return next() / 4294967296; };
exports.fill = function fill(bytes) {
  for (let i = 0; i < bytes.length; i += 4) {
    let v = next();
    for (let j = 0; j < 4 && i + j < bytes.length; j++) { bytes[i + j] = v & 0xff; v >>>= 8; }
  }
  return bytes;
};
