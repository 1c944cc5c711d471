// The naive baseline the API benchmark compares with: one fresh `node` process per submission that
// loads the code with node:vm and runs every test (same in-VM app as assay's harness), then exits.
// Input on stdin: {harness, module, tests: [[request, ...], ...]}; output on stdout: responses per test.
import { createHash, createHmac } from 'node:crypto';
import vm from 'node:vm';

// What the sandbox's prelude gives a harness, done plainly: hashes by node:crypto, Math.random's generator.
const digest = (algorithm, chunks, key, encoding) => {
  const hash = key == null ? createHash(algorithm) : createHmac(algorithm, key);
  for (const chunk of chunks) hash.update(chunk);
  const out = hash.digest();
  return encoding ? out.toString(encoding) : new Uint8Array(out);
};
const random = { seed() {}, uint32: () => (Math.random() * 4294967296) >>> 0 };

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', async () => {
  const { harness, module, tests } = JSON.parse(input);
  const context = vm.createContext({});
  const sandbox = { setNow() {}, resetConsole() {}, hostCall: async () => '{}', digest, random, outputBytes: 1 << 20, send: (value) => JSON.stringify(value) };
  const api = vm.runInContext(harness, context)(sandbox);
  api.load(vm.runInContext(`(function (exports, module, require) {\n${module}\n})`, context));
  const out = [];
  for (const steps of tests) {
    const responses = [];
    for (let i = 0; i < steps.length; i++) {
      responses.push(await api.request(JSON.stringify({ fresh: i === 0, now: 0, db: false, req: steps[i] })));
    }
    out.push(responses);
  }
  process.stdout.write(JSON.stringify(out));
});
