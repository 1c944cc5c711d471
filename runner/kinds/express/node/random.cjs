// The sandbox's one source of randomness (the prelude's per-test generator, runner/sandboxPrelude.ts), for
// node:crypto; Math.random draws from the same one. Connected once by the harness; the harness seeds it at the
// start of every test, so the same submission gives the same answers every time it is judged.
let generator = null;

exports.connect = function connect(g) {
  if (generator !== null) throw new Error('random already connected');
  generator = g;
};
exports.seed = function seed(n) { generator.seed(n); };
exports.uint32 = function uint32() { return generator.uint32(); };
exports.random = function random() { return generator.uint32() / 4294967296; };
exports.fill = function fill(bytes) {
  for (let i = 0; i < bytes.length; i += 4) {
    let v = generator.uint32();
    for (let j = 0; j < 4 && i + j < bytes.length; j++) { bytes[i + j] = v & 0xff; v >>>= 8; }
  }
  return bytes;
};
