// The `process` global and node:process inside the sandbox: what handlers read (env, nextTick, hrtime,
// memoryUsage …); NODE_ENV is production, so Express's error pages show no stack (see docs/CONFORMANCE.md).
const timers = require('./timers.cjs');

const startedAt = () => timers.control.now();
function hrtime(prev) {
  const ms = timers.control.now() - startedAt0;
  let s = Math.floor(ms / 1000);
  let ns = Math.round((ms - s * 1000) * 1e6);
  if (prev) { s -= prev[0]; ns -= prev[1]; if (ns < 0) { s--; ns += 1e9; } }
  return [s, ns];
}
let startedAt0 = 0;

// process.nextTick callbacks run before the promise callbacks queued in the same turn, as in Node: the harness
// flushes them at the end of each turn it runs (a request's synchronous part, a timer), and a microtask
// flushes those queued from within promise callbacks.
const ticks = [];
let flushQueued = false;
function flushTicks() {
  flushQueued = false;
  while (ticks.length > 0) {
    const [fn, args] = ticks.shift();
    fn(...args);
  }
}
function nextTick(fn, ...args) {
  if (typeof fn !== 'function') {
    const err = new TypeError('The "callback" argument must be of type function. Received ' + typeof fn);
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
  ticks.push([fn, args]);
  if (!flushQueued) {
    flushQueued = true;
    queueMicrotask(flushTicks);
  }
}
hrtime.bigint = () => BigInt(Math.round((timers.control.now() - startedAt0) * 1e6));

const process = {
  env: { NODE_ENV: 'production' },
  argv: ['node', 'solution.js'],
  execArgv: [],
  version: 'v20.19.0',
  versions: { node: '20.19.0' },
  platform: 'linux',
  arch: 'x64',
  pid: 1,
  ppid: 0,
  title: 'node',
  release: { name: 'node' },
  exitCode: undefined,
  nextTick,
  cwd: () => '/',
  hrtime,
  uptime: () => (timers.control.now() - startedAt0) / 1000,
  memoryUsage: () => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }),
  cpuUsage: () => ({ user: 0, system: 0 }),
  emitWarning() {},
  on() { return process; },
  once() { return process; },
  off() { return process; },
  removeListener() { return process; },
  listenerCount: () => 0,
  exit() { throw new Error('process.exit() is not available in the sandbox'); },
  abort() { throw new Error('process.abort() is not available in the sandbox'); },
  kill() { throw new Error('process.kill() is not available in the sandbox'); },
  stdout: { write() { return true; }, isTTY: false },
  stderr: { write() { return true; }, isTTY: false },
};
/** The harness marks the start of a test: process.uptime() and hrtime count from there. */
Object.defineProperty(process, '_start', { value: () => { startedAt0 = startedAt(); ticks.length = 0; }, enumerable: false });
Object.defineProperty(process, '_flushTicks', { value: flushTicks, enumerable: false });
module.exports = process;
