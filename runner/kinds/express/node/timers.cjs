// Timers on the virtual clock behind ctx.now() and Date: a timer never waits for wall time. The harness fires
// the earliest one when nothing else can run (the isolate's microtasks are drained and no host call is
// pending), moving the clock to its time: `await sleep(100)` takes no wall time and reads 100 ms later.
let now = 0;
let setHostClock = null;
let nextId = 1;
let seq = 0;
const timers = new Map();
let scheduleHook = null;

class Timeout {
  constructor(id) { this._id = id; }
  ref() { return this; }
  unref() { return this; }
  hasRef() { return true; }
  refresh() { const t = timers.get(this._id); if (t) { t.at = now + t.delay; t.seq = ++seq; } return this; }
  close() { timers.delete(this._id); return this; }
  [Symbol.toPrimitive]() { return this._id; }
}
class Immediate {
  constructor(id) { this._id = id; }
  ref() { return this; }
  unref() { return this; }
  hasRef() { return true; }
}

function schedule(fn, delay, args, repeat) {
  if (typeof fn !== 'function') {
    const err = new TypeError('The "callback" argument must be of type function. Received ' + (fn === null ? 'null' : typeof fn));
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
  delay = Number(delay);
  if (!(delay >= 1 && delay <= 2147483647)) delay = 1;
  const id = nextId++;
  timers.set(id, { fn, args, delay: Math.trunc(delay), at: now + Math.trunc(delay), seq: ++seq, repeat });
  if (scheduleHook !== null) scheduleHook();
  return new Timeout(id);
}
function clear(handle) {
  if (handle === null || handle === undefined) return;
  const id = typeof handle === 'object' ? handle._id : Number(handle);
  timers.delete(id);
}

exports.setTimeout = function setTimeout(fn, delay, ...args) { return schedule(fn, delay, args, false); };
exports.setInterval = function setInterval(fn, delay, ...args) { return schedule(fn, delay, args, true); };
exports.clearTimeout = function clearTimeout(handle) { clear(handle); };
exports.clearInterval = function clearInterval(handle) { clear(handle); };
// setImmediate runs after the microtasks queued so far (Node runs it after pending I/O callbacks): the order
// that handlers can observe is the same, and it takes no round trip through the host.
const immediates = new Set();
exports.setImmediate = function setImmediate(fn, ...args) {
  if (typeof fn !== 'function') {
    const err = new TypeError('The "callback" argument must be of type function. Received ' + typeof fn);
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
  const handle = new Immediate(nextId++);
  immediates.add(handle);
  Promise.resolve().then(() => undefined).then(() => {
    if (!immediates.delete(handle)) return;
    fn(...args);
  });
  return handle;
};
exports.clearImmediate = function clearImmediate(handle) { immediates.delete(handle); };

/** The harness's side (never exposed to the candidate). */
exports.control = {
  connect(hostClock) { setHostClock = hostClock; },
  /** Called whenever a timer is scheduled (the harness then makes sure someone will fire it). */
  onSchedule(fn) { scheduleHook = fn; },
  setNow(ms) { now = ms; setHostClock(ms); },
  now: () => now,
  reset() { timers.clear(); immediates.clear(); },
  pending: () => timers.size,
  /** The time of the earliest timer, or Infinity. */
  nextAt() {
    let at = Infinity;
    for (const t of timers.values()) if (t.at < at) at = t.at;
    return at;
  },
  /** Fires the earliest timer (moving the clock forward to it); false when there is none. */
  fireNext(onError) {
    let best = null;
    let bestId = 0;
    for (const [id, t] of timers) if (best === null || t.at < best.at || (t.at === best.at && t.seq < best.seq)) { best = t; bestId = id; }
    if (best === null) return false;
    if (best.at > now) { now = best.at; setHostClock(now); }
    if (best.repeat) { best.at = now + best.delay; best.seq = ++seq; } else timers.delete(bestId);
    try { best.fn(...best.args); } catch (err) { onError(err); }
    return true;
  },
};
