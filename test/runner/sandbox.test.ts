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
      // Reached by syntax only, obtained here independently of the prelude's list: what fresh objects inherit.
      const proto = Object.getPrototypeOf;
      // A generator function's prototype object is fresh too; what it inherits is %GeneratorPrototype%.
      const inherited = (o) => { visit(proto(o)); if (typeof o === 'function' && o.prototype) visit(proto(o.prototype)); };
      inherited([][Symbol.iterator]());
      inherited(''[Symbol.iterator]());
      inherited(new Map().entries());
      inherited(new Set().values());
      inherited('a'.matchAll(/a/g));
      inherited(function* () {});
      inherited(async function () {});
      inherited(async function* () {});
      inherited((function () { 'use strict'; return arguments; })());
      inherited(Function('return arguments')());
      inherited(new Uint8Array(1)[Symbol.iterator]());
      visit(Object.getOwnPropertyDescriptor((function () { 'use strict'; return arguments; })(), 'callee').get);
      const tag = (strings) => strings;
      visit(tag\`x\`);
      return count + ' of ' + seen.size;
    },
    statics(s) {
      /secret-(\\w+)/.exec('a secret-value here');
      const names = ['input', '$_', 'lastMatch', '$&', 'lastParen', '$+', 'leftContext', '$\u0060', 'rightContext', "$'", '$1', '$9'];
      return names.map((n) => String(RegExp[n])).join(',');
    },
    send(s) {
      sandbox.resetConsole();
      const small = sandbox.send({ status: 200, body: 'ok' });
      const huge = sandbox.send({ status: 200, headers: { 'x-pad': 'x'.repeat(10000000) }, body: '' });
      return JSON.stringify([small, huge]);
    },
    random(s) {
      sandbox.resetConsole();
      for (let i = 0; i < Number(s); i++) Math.random();
      sandbox.resetConsole();
      const out = [];
      for (let i = 0; i < 1000; i++) out.push(Math.random());
      if (out.some((x) => !(x >= 0 && x < 1))) return 'out of range';
      return out.slice(0, 3).join(',');
    },
    carried(s) { const m = { exports: {} }; stored(m.exports, m, null); return JSON.stringify(m.exports.value); },
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

  it('refuses inside the isolate to send back more than the output budget left', async () => {
    await withSandbox(async (s) => {
      const r = await s.call('send', '', LIMITS);
      assert.ok(r.ok);
      assert.ok(r.value.length < 1000, `${r.value.length} characters crossed`);
      const [small, huge] = JSON.parse(r.value) as string[];
      assert.deepEqual(JSON.parse(small), { status: 200, body: 'ok' });
      assert.match(JSON.parse(huge).overflow, /over the 1000 byte limit/);
    });
  });

  it('gives each test its own Math.random, so how many numbers a test drew never shows in the next', async () => {
    const sandbox = Sandbox.createSync({ memoryMb: 32, outputBytes: 1000, harness: HARNESS, randomSeed: () => '0123456789abcdef0123456789abcdef' });
    try {
      const after0 = await sandbox.call('random', '0', LIMITS);
      const after5000 = await sandbox.call('random', '5000', LIMITS);
      assert.ok(after0.ok && after5000.ok);
      assert.equal(after5000.value, after0.value);
    } finally {
      sandbox.dispose();
    }
    await withSandbox(async (s) => {
      const a = await s.call('random', '0', LIMITS);
      const b = await s.call('random', '0', LIMITS);
      assert.ok(a.ok && b.ok && a.value !== b.value && a.value !== 'out of range');
    });
  });

  it('removes RegExp legacy statics, which would show one test the input matched in another', async () => {
    await withSandbox(async (s) => {
      const r = await s.call('statics', '', LIMITS);
      assert.ok(r.ok);
      assert.ok(!r.value.includes('secret'), r.value);
      assert.equal(r.value, new Array(12).fill('undefined').join(','));
    });
  });

  it('freezes the module factory, which every test instantiates, and its prototype', async () => {
    await withSandbox(async (s) => {
      const sloppy = `const me = arguments.callee; try { me.carried = 1; } catch (e) {} try { me.prototype.carried = 1; } catch (e) {}
        exports.value = [Object.isFrozen(me), Object.isFrozen(me.prototype), me.carried === undefined, me.prototype.carried === undefined];`;
      assert.ok((await s.loadModule('load', sloppy, 'm.js')).ok);
      const r = await s.call('carried', '', LIMITS);
      assert.ok(r.ok, !r.ok ? r.message : '');
      assert.equal(r.value, '[true,true,true,true]');
    });
  });

  it('never delivers a host call\'s answer to a later test', async () => {
    await withSandbox(async (s) => {
      let release!: () => void;
      let started!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const queried = new Promise<void>((resolve) => (started = resolve));
      const late = Sandbox.createSync({
        memoryMb: 32,
        outputBytes: 1000,
        harness: HARNESS,
        hostFunctions: { upper: async (x) => { started(); await gate; return x.toUpperCase(); } },
      });
      try {
        const pending = late.call('host', 'abc', { timeoutMs: 200, wallMs: 400 });
        await queried;
        late.takeConsole(); // the test ends before the answer comes
        release();
        const r = await pending;
        assert.equal(!r.ok && r.failure, 'timeout');
      } finally {
        late.dispose();
      }
      void s;
    });
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
