// What one isolate per submission costs the machine before any test runs: for `ms` milliseconds, create an
// isolate and a context, enter it once, dispose it — nothing else ("isolate") — or, as the control, run a
// pure-JS loop ("compute"). bench/api.ts starts one of these, then several side by side, and compares.
// Output on stdout: {"perSec": n}.
import ivm from 'isolated-vm';

const [mode, msArg] = process.argv.slice(2);
const ms = Number(msArg);
let n = 0;
const t0 = performance.now();
while (performance.now() - t0 < ms) {
  if (mode === 'isolate') {
    const isolate = new ivm.Isolate({ memoryLimit: 64 });
    isolate.createContextSync().evalSync('1');
    isolate.dispose();
  } else {
    let x = 0;
    for (let i = 0; i < 1e5; i++) x += Math.sqrt(i);
    if (x < 0) throw new Error('unreachable');
  }
  n++;
}
process.stdout.write(JSON.stringify({ perSec: n / (ms / 1000) }));
