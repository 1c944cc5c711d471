import assert from 'node:assert/strict';
import { Sandbox } from '../../runner/sandbox';

// A tiny harness: entries take and return strings, as the real ones do.
const HARNESS = `(function (sandbox) {
  let stored = null;
  return {
    echo(s) { return 'echo:' + s; },
    later(s) { return Promise.resolve().then(() => 'later:' + s); },
    host(s) { return sandbox.hostCall('upper', s).then((r) => 'host:' + r); },
    now(s) { sandbox.setNow(Number(s)); return String(Date.now()) + ',' + new Date().getTime(); },
    log(s) { sandbox.resetConsole(); console.log('hello', s, { a: 1 }); return 'ok'; },
    flood(s) { for (;;) console.log('x'.repeat(100)); },
    loop(s) { for (;;) {} },
    never(s) { return new Promise(() => {}); },
    frozen(s) {
      'use strict';
      const out = [];
      try { Object.prototype.polluted = 1; } catch (e) { out.push('object'); }
      try { Array.prototype.push = null; } catch (e) { out.push('array'); }
      try { globalThis.leak = 1; } catch (e) { out.push('global'); }
      const err = new Error('x');
      err.name = 'Custom';
      out.push(err.name);
      return out.join(',');
    },
    load(f) { stored = f; },
    run(s) { const m = { exports: {} }; stored(m.exports, m, null); return String(m.exports.value); },
    memory(s) { const a = []; for (;;) a.push(new Array(1000000).fill(1.5)); },
    unfrozen(s) {
      // Recursive and by descriptor objects: an independent check of the prelude's iterative walk.
      const seen = new Set();
      let count = 0;
      const visit = (o) => {
        if (o === null || (typeof o !== 'object' && typeof o !== 'function') || seen.has(o)) return;
        seen.add(o);
        if (!Object.isFrozen(o)) count++;
        visit(Reflect.getPrototypeOf(o));
        const all = Object.getOwnPropertyDescriptors(o);
        for (const key of Reflect.ownKeys(all)) [all[key].value, all[key].get, all[key].set].forEach(visit);
      };
      visit(globalThis);
      return count + ' of ' + seen.size;
    },
  };
})`;

const LIMITS = { timeoutMs: 200, wallMs: 1000 };

async function withSandbox(fn: (s: Sandbox) => Promise<void>, memoryMb = 32): Promise<void> {
  const sandbox = Sandbox.createSync({
    memoryMb,
    outputBytes: 1000,
    harness: HARNESS,
    hostFunctions: { upper: async (s) => s.toUpperCase() },
  });
  try {
    await fn(sandbox);
  } finally {
    sandbox.dispose();
  }
}

describe('Sandbox', function () {
  this.timeout(20_000);

  it('calls entries synchronously and asynchronously, strings in and out', async () => {
    await withSandbox(async (s) => {
      assert.deepEqual(
        { ok: true, value: 'echo:a' },
        (({ ok, value }) => ({ ok, value }))((await s.call('echo', 'a', LIMITS)) as { ok: boolean; value: string }),
      );
      const later = await s.call('later', 'b', LIMITS);
      assert.ok(later.ok && later.value === 'later:b');
      const host = await s.call('host', 'abc', LIMITS);
      assert.ok(host.ok && host.value === 'host:ABC');
      assert.ok(host.cpuMs >= 0 && host.wallMs >= 0);
    });
  });

  it('makes Date follow the clock the harness sets', async () => {
    await withSandbox(async (s) => {
      const r = await s.call('now', '1700000000000', LIMITS);
      assert.ok(r.ok);
      assert.equal(r.value, '1700000000000,1700000000000');
    });
  });

  it('captures console output and caps it', async () => {
    await withSandbox(async (s) => {
      await s.call('log', 'x', LIMITS);
      assert.deepEqual(s.takeConsole(), { text: 'hello x {"a":1}\n', overflow: false });
      const flood = await s.call('flood', '', LIMITS);
      assert.equal(flood.ok, false);
      const out = s.takeConsole();
      assert.equal(out.overflow, true);
      assert.ok(out.text.length <= 1000);
    });
  });

  it('freezes built-ins and globals but lets instances override inherited properties', async () => {
    await withSandbox(async (s) => {
      const r = await s.call('frozen', '', LIMITS);
      assert.ok(r.ok);
      assert.equal(r.value, 'object,array,global,Custom');
    });
  });

  it('freezes everything reachable in every sandbox, also those locked down by the plan of the first', async () => {
    for (let i = 0; i < 4; i++) {
      await withSandbox(async (s) => {
        const result = await s.call('unfrozen', '', LIMITS);
        assert.ok(result.ok);
        assert.match(result.value, /^0 of \d{3,}$/, `sandbox ${i + 1}: ${result.value}`);
      });
    }
  });

  it('stops a synchronous loop with the timeout and stays usable', async () => {
    await withSandbox(async (s) => {
      const r = await s.call('loop', '', LIMITS);
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.failure, 'timeout');
      assert.ok((await s.call('echo', 'again', LIMITS)).ok);
    });
  });

  it('disposes the isolate when a call never answers within its wall time', async () => {
    await withSandbox(async (s) => {
      const r = await s.call('never', '', { timeoutMs: 200, wallMs: 300 });
      assert.equal(!r.ok && r.failure, 'timeout');
      assert.equal(s.disposed, true);
    });
  });

  it('reports the memory limit', async () => {
    await withSandbox(async (s) => {
      const r = await s.call('memory', '', { timeoutMs: 10_000, wallMs: 15_000 });
      assert.equal(!r.ok && r.failure, 'memory');
      assert.equal(s.disposed, true);
    }, 16);
  });

  it('loads a module factory and reports syntax errors', async () => {
    await withSandbox(async (s) => {
      assert.ok((await s.loadModule('load', 'exports.value = 40 + 2;', 'm.js')).ok);
      const r = await s.call('run', '', LIMITS);
      assert.ok(r.ok && r.value === '42');
      const bad = await s.loadModule('load', 'exports.value = ;', 'm.js');
      assert.equal(bad.ok, false);
    });
  });
});
