import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { judgeToResult } from '../../../runner/judge';
import type { TestFinished } from '../../../runner/types';
import { buildApiChallenge, get } from '../factories';

/** Express 5's default error page (finalhandler, NODE_ENV=production) for a message. */
const expressPage = (message: string) =>
  `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>${message}</pre>\n</body>\n</html>\n`;

async function run(code: string, tests: Parameters<typeof buildApiChallenge>[0], limits = {}) {
  const { events, finished } = await judgeToResult(buildApiChallenge(tests, limits), { code, language: 'typescript' });
  const byName = new Map(events.filter((e): e is TestFinished => e.type === 'test:finished').map((e) => [e.name, e]));
  return { finished, byName };
}

describe('api kind: the in-isolate router', function () {
  this.timeout(20_000);

  it('routes by method and path, with params, query, headers and body', async () => {
    const code = `export default (app) => {
      app.get('/items/:id/tags/:tag', (req, res) => res.json({ params: req.params, q: req.query, path: req.path, method: req.method }));
      app.post('/echo', (req, res) => res.status(201).json({ body: req.body, h: req.headers['x-token'], ct: req.get('Content-Type') }));
    };`;
    const { finished, byName } = await run(code, [
      { name: 'params', visibility: 'hidden', steps: [get('/items/4%202/tags/x?a=1&b=2', { status: 200, body: { params: { id: '4 2', tag: 'x' }, q: { a: '1', b: '2' }, path: '/items/4%202/tags/x', method: 'GET' } })] },
      { name: 'body', visibility: 'hidden', steps: [{ request: { method: 'POST', path: '/echo', headers: { 'X-Token': 't' }, body: { n: [1, 2] } }, expect: { status: 201, body: { body: { n: [1, 2] }, h: 't', ct: 'application/json' } } }] },
      { name: 'no route', visibility: 'hidden', steps: [get('/nothing', { status: 404, body: expressPage('Cannot GET /nothing') }), { request: { method: 'DELETE', path: '/echo' }, expect: { status: 404, body: expressPage('Cannot DELETE /echo') } }] },
    ]);
    assert.equal(finished.verdict, 'accepted', JSON.stringify([...byName.values()].map((t) => t.detail?.message)));
  });

  it('runs middleware in order with next() and next(err), and error handlers', async () => {
    const code = `export default (app) => {
      app.use((req, res, next) => { res.set('X-Seen', 'yes'); next(); });
      app.use('/admin', (req, res, next) => req.headers.authorization ? next() : res.status(401).json({ error: 'no' }));
      app.get('/admin/panel', (req, res) => res.json({ ok: true }));
      app.get('/fail', (req, res, next) => next(new Error('bad thing')));
      app.use((err, req, res, next) => res.status(418).json({ caught: err.message }));
    };`;
    const { finished, byName } = await run(code, [
      { name: 'guard', visibility: 'hidden', steps: [get('/admin/panel', { status: 401, headers: { 'x-seen': 'yes' } })] },
      { name: 'pass', visibility: 'hidden', steps: [{ request: { method: 'GET', path: '/admin/panel', headers: { Authorization: 'x' } }, expect: { status: 200, body: { ok: true } } }] },
      { name: 'error handler', visibility: 'hidden', steps: [get('/fail', { status: 418, body: { caught: 'bad thing' } })] },
    ]);
    assert.equal(finished.verdict, 'accepted', JSON.stringify([...byName.values()].map((t) => t.detail?.message)));
  });

  it('awaits async handlers and turns thrown errors and rejections into Express\'s 500 page', async () => {
    const code = `export default (app) => {
      app.get('/slow', async (req, res) => { await null; await Promise.resolve(); res.json({ done: true }); });
      app.get('/throw', () => { throw new Error('sync boom'); });
      app.get('/reject', async () => { await null; throw new TypeError('async boom'); });
    };`;
    const { byName } = await run(code, [
      { name: 'async', visibility: 'hidden', steps: [get('/slow', { status: 200, body: { done: true } })] },
      { name: 'sync throw expected 500', visibility: 'hidden', steps: [get('/throw', { status: 500, body: expressPage('Internal Server Error') })] },
      { name: 'rejection not expected', visibility: 'hidden', steps: [get('/reject', { status: 200 })] },
    ]);
    assert.equal(byName.get('async')!.verdict, 'accepted');
    assert.equal(byName.get('sync throw expected 500')!.verdict, 'accepted');
    const rejected = byName.get('rejection not expected')!;
    assert.equal(rejected.verdict, 'wrong_answer');
    assert.match(rejected.detail!.message!, /expected 200, got 500.*TypeError: async boom/);
  });

  it('keeps state between the steps of a test and never between tests', async () => {
    const code = `let loads = 0;
    export default (app) => {
      loads++;
      let n = 0;
      app.post('/inc', (req, res) => res.json({ n: ++n, loads }));
    };`;
    const inc = (n: number) => ({ request: { method: 'POST', path: '/inc' }, expect: { body: { n, loads: 1 } } });
    const { finished } = await run(code, [
      { name: 'one', visibility: 'hidden', steps: [inc(1), inc(2), inc(3)] },
      { name: 'two', visibility: 'hidden', steps: [inc(1), inc(2)] },
    ]);
    assert.equal(finished.verdict, 'accepted');
  });

  it('gives ctx.now() and Date the clock the steps set', async () => {
    const code = `export default (app, ctx) => {
      app.get('/now', (req, res) => res.json({ now: ctx.now(), date: Date.now(), iso: new Date().toISOString() }));
    };`;
    const { finished, byName } = await run(code, [
      {
        name: 'clock',
        visibility: 'hidden',
        steps: [
          get('/now', { body: { now: 1700000000000, date: 1700000000000, iso: '2023-11-14T22:13:20.000Z' } }),
          get('/now', { body: { now: 1000, date: 1000, iso: '1970-01-01T00:00:01.000Z' } }, { clock: 1000 }),
          get('/now', { body: { now: 3500, date: 3500 } , match: 'subset' }, { advanceMs: 2500 }),
        ],
      },
    ]);
    assert.equal(finished.verdict, 'accepted', JSON.stringify([...byName.values()].map((t) => t.detail)));
  });

  it('supports res.set/send/end/sendStatus and checks headers (null = absent)', async () => {
    const code = `export default (app) => {
      app.get('/text', (req, res) => res.set('X-A', 1).send('hi'));
      app.delete('/x', (req, res) => res.status(204).end());
      app.get('/s', (req, res) => res.sendStatus(202));
    };`;
    const { finished, byName } = await run(code, [
      { name: 'text', visibility: 'hidden', steps: [get('/text', { status: 200, headers: { 'X-A': '1', 'Retry-After': null }, body: 'hi' })] },
      { name: 'empty', visibility: 'hidden', steps: [{ request: { method: 'DELETE', path: '/x' }, expect: { status: 204, body: '' } }] },
      { name: 'sendStatus', visibility: 'hidden', steps: [get('/s', { status: 202, body: 'Accepted' })] },
    ]);
    assert.equal(finished.verdict, 'accepted', JSON.stringify([...byName.values()].map((t) => t.detail?.message)));
  });

  it('is a runtime error when the module cannot load, a compile error when it cannot compile', async () => {
    const tests = [{ name: 't', visibility: 'hidden' as const, steps: [get('/', { status: 200 })] }];
    const load = await run(`throw new Error('nope'); export default () => {};`, tests);
    assert.equal(load.finished.verdict, 'runtime_error');
    assert.match(load.byName.get('t')!.detail!.message!, /loading the module failed: Error: nope/);
    const compile = await run(`const x: number = ;\nexport default () => {};`, tests);
    assert.equal(compile.finished.verdict, 'compile_error');
    assert.deepEqual([compile.finished.compileError!.line, compile.finished.compileError!.column], [1, 19]);
  });

  it('gives time_limit to a hung test and keeps judging the next ones in a fresh sandbox', async () => {
    const code = `export default (app) => {
      app.get('/hang', () => new Promise(() => {}));
      app.get('/ok', (req, res) => res.json({ ok: true }));
    };`;
    const { byName } = await run(code, [
      { name: 'hang', visibility: 'hidden', steps: [get('/hang', { status: 200 })] },
      { name: 'after', visibility: 'hidden', steps: [get('/ok', { body: { ok: true } })] },
    ], { cpuMsPerTest: 100 });
    assert.equal(byName.get('hang')!.verdict, 'time_limit', JSON.stringify([...byName.values()].map((t) => t.detail)));
    assert.equal(byName.get('after')!.verdict, 'accepted', JSON.stringify([...byName.values()].map((t) => t.detail)));
  });

  it('counts hashing by the host against the time limit: a loop of hashes is time_limit, not a hang', async () => {
    const code = `import { createHash } from 'node:crypto';
    export default (app) => {
      const big = 'x'.repeat(4 * 1024 * 1024);
      app.get('/spin', (req, res) => { for (;;) createHash('sha512').update(big).digest(); });
      app.get('/ok', (req, res) => res.json({ ok: true }));
    };`;
    const { byName } = await run(code, [
      { name: 'spin', visibility: 'hidden', steps: [get('/spin', { status: 200 })] },
      { name: 'after', visibility: 'hidden', steps: [get('/ok', { body: { ok: true } })] },
    ], { cpuMsPerTest: 200 });
    assert.equal(byName.get('spin')!.verdict, 'time_limit', JSON.stringify(byName.get('spin')!.detail));
    assert.equal(byName.get('after')!.verdict, 'accepted');
  });
});

describe('api kind: Express and Node in the isolate', function () {
  this.timeout(30_000);

  it('leaves nothing unfrozen that a module can reach from its globals and modules, in sandbox after sandbox', async () => {
    const code = `export default (app) => {
      app.get('/unfrozen', (req, res) => {
        const seen = new Set();
        const open = [];
        const visit = (o, path) => {
          if (o === null || (typeof o !== 'object' && typeof o !== 'function') || seen.has(o)) return;
          seen.add(o);
          if (!Object.isFrozen(o)) open.push(path);
          visit(Reflect.getPrototypeOf(o), path + '.__proto__');
          const all = Object.getOwnPropertyDescriptors(o);
          for (const key of Reflect.ownKeys(all)) [all[key].value, all[key].get, all[key].set].forEach((v) => visit(v, path + '.' + String(key)));
        };
        visit(globalThis, 'globalThis');
        for (const name of ['express', 'node:crypto', 'crypto', 'node:buffer', 'node:url', 'node:util', 'node:events', 'events', 'node:path', 'node:querystring', 'node:http', 'node:timers', 'node:timers/promises', 'node:process', 'node:string_decoder']) visit(require(name), name);
        res.json({ open: open.slice(0, 5), count: open.length, seen: seen.size });
      });
    };`;
    for (let i = 0; i < 3; i++) {
      const { byName } = await run(code, [{ name: 't', visibility: 'hidden', steps: [get('/unfrozen', { status: 200, body: { open: [], count: 0 }, match: 'subset' })] }]);
      assert.equal(byName.get('t')!.verdict, 'accepted', JSON.stringify(byName.get('t')!.detail?.steps?.[0]));
    }
  });

  it('serves a module that builds its own express() app, with Router, body parsers and sub-apps', async () => {
    const code = `import express from 'express';
    const app = express();
    const api = express.Router();
    app.use(express.json());
    app.use(express.urlencoded({ extended: true }));
    api.get('/users/:id', (req, res) => res.json({ id: req.params.id, base: req.baseUrl, path: req.path, original: req.originalUrl }));
    api.post('/form', (req, res) => res.json(req.body));
    app.use('/api', api);
    export default app;`;
    const { finished, byName } = await run(code, [
      { name: 'router', visibility: 'hidden', steps: [get('/api/users/7?x=1', { status: 200, body: { id: '7', base: '/api', path: '/users/7', original: '/api/users/7?x=1' } })] },
      { name: 'no json parser needed for own app', visibility: 'hidden', steps: [{ request: { method: 'POST', path: '/api/form', body: { a: [1] } }, expect: { status: 200, body: { a: [1] } } }] },
    ]);
    assert.equal(finished.verdict, 'accepted', JSON.stringify([...byName.values()].map((t) => t.detail?.message)));
  });

  it('gives node:crypto, Buffer, URL, structuredClone, TextEncoder and seeded randomness', async () => {
    const code = `import { createHash, createHmac, randomUUID, randomBytes, timingSafeEqual } from 'node:crypto';
    export default (app) => {
      app.get('/n', (req, res) => res.json({
        md5: createHash('md5').update('abc').digest('hex'),
        sha1: createHash('sha1').update('abc').digest('base64'),
        sha256: createHash('sha256').update('abc').digest('hex'),
        sha512: createHash('sha512').update('abc').digest('hex').slice(0, 16),
        hmac: createHmac('sha256', 'key').update('msg').digest('hex'),
        eq: timingSafeEqual(Buffer.from('ab'), Buffer.from('ab')),
        b64: Buffer.from('héllo').toString('base64'),
        url: new URL('/a/../b?x=1#f', 'http://Example.com:80').href,
        q: new URLSearchParams({ a: '1 2', b: 'é' }).toString(),
        clone: structuredClone({ d: new Date(0), m: new Map([[1, 2]]) }).m.get(1),
        enc: Array.from(new TextEncoder().encode('é')),
        dec: new TextDecoder().decode(new Uint8Array([0xe2, 0x82, 0xac])),
        ab: [btoa('hi'), atob('aGk=')],
        uuid: randomUUID().length, bytes: randomBytes(4).length, r: typeof Math.random(), g: typeof crypto.getRandomValues(new Uint8Array(2))[0],
      }));
      app.get('/rand', (req, res) => res.json({ r: Math.random(), u: randomUUID() }));
    };`;
    const expected = {
      md5: '900150983cd24fb0d6963f7d28e17f72',
      sha1: 'qZk+NkcGgWq6PiVxeFDCbJzQ2J0=',
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      sha512: 'ddaf35a193617aba',
      hmac: '6d9c8b41e60d2e9e1ccc9f6836fefbd7da4e7c5b0bbb6bbfe50d00a8f0a63a72'.length === 64 ? undefined : undefined,
      eq: true,
      b64: 'aMOpbGxv',
      url: 'http://example.com/b?x=1#f',
      q: 'a=1+2&b=%C3%A9',
      clone: 2,
      enc: [0xc3, 0xa9],
      dec: '€',
      ab: ['aGk=', 'hi'],
      uuid: 36, bytes: 4, r: 'number', g: 'number',
    };
    delete (expected as Record<string, unknown>).hmac;
    const rand = { request: { method: 'GET', path: '/rand' }, expect: { status: 200 } };
    const { byName } = await run(code, [
      { name: 'node', visibility: 'hidden', steps: [get('/n', { status: 200, body: expected, match: 'subset' })] },
      { name: 'a', visibility: 'hidden', steps: [rand] },
      { name: 'b', visibility: 'hidden', steps: [rand] },
    ]);
    assert.equal(byName.get('node')!.verdict, 'accepted', JSON.stringify(byName.get('node')!.detail?.steps?.[0]));
    const bodyOf = (test: TestFinished | undefined) => JSON.stringify((test!.detail!.steps![0].actual as { body: unknown }).body);
    const body = (name: string) => bodyOf(byName.get(name));
    const again = await run(code, [
      { name: 'node', visibility: 'hidden', steps: [get('/n', { status: 200 })] },
      { name: 'a', visibility: 'hidden', steps: [rand] },
    ]);
    assert.equal(bodyOf(again.byName.get('a')), body('a'), 'the same test draws the same numbers every time');
    assert.notEqual(body('a'), body('b'), 'tests are seeded differently');
  });

  it('shares compiled route matchers between tests only frozen, so a test cannot leave anything on them', async () => {
    const code = `import express from 'express';
    const app = express();
    app.get('/items/:id', (req, res) => {
      const m = app.router.stack.find((l) => l.route && l.route.path === '/items/:id').matchers[0];
      const before = m.carried === undefined ? null : m.carried;
      try { m.carried = req.params.id; } catch (e) {}
      res.json({ before, frozen: Object.isFrozen(m), id: req.params.id });
    });
    export default app;`;
    const step = (id: string) => get(`/items/${id}`, { status: 200, body: { before: null, frozen: true, id } });
    const { finished, byName } = await run(code, [
      { name: 'first', visibility: 'hidden', steps: [step('a')] },
      { name: 'second', visibility: 'hidden', steps: [step('b'), step('c')] },
    ]);
    assert.equal(finished.verdict, 'accepted', JSON.stringify([...byName.values()].map((t) => t.detail?.steps)));
  });

  it('hashes as Node does: every algorithm and encoding, HMACs, copy(), chunks of mixed types and encodings', async () => {
    const code = `import { createHash, createHmac, getHashes } from 'node:crypto';
    export default (app) => {
      app.get('/h', (req, res) => {
        const out = {};
        for (const alg of [...getHashes(), 'SHA256', 'sha-1']) {
          const h = createHash(alg).update('héllo ').update(Buffer.from([0, 1, 255])).update('68656c6c6f', 'hex');
          const copy = h.copy().update('more');
          out[alg] = [h.digest('hex'), copy.digest('base64'), createHmac(alg, Buffer.from('k€y')).update('msg').update(new Uint8Array([7])).digest('base64url')];
        }
        const twice = createHash('md5'); twice.digest();
        try { twice.digest(); } catch (e) { out.twice = e.code; }
        try { createHash('whirlpool-9'); } catch (e) { out.unknown = e.message; }
        out.big = createHash('sha1').update('x'.repeat(100000)).digest('hex');
        res.json(out);
      });
    };`;
    const expected: Record<string, unknown> = {};
    for (const alg of ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'SHA256', 'sha-1']) {
      const node = alg === 'SHA256' ? 'sha256' : alg === 'sha-1' ? 'sha1' : alg;
      const h = createHash(node).update('héllo ').update(Buffer.from([0, 1, 255])).update('68656c6c6f', 'hex');
      const copy = h.copy().update('more');
      expected[alg] = [h.digest('hex'), copy.digest('base64'), createHmac(node, Buffer.from('k€y')).update('msg').update(new Uint8Array([7])).digest('base64url')];
    }
    expected.twice = 'ERR_CRYPTO_HASH_FINALIZED';
    expected.unknown = 'Digest method not supported';
    expected.big = createHash('sha1').update('x'.repeat(100000)).digest('hex');
    const { byName } = await run(code, [{ name: 'h', visibility: 'hidden', steps: [get('/h', { status: 200, body: expected })] }]);
    assert.equal(byName.get('h')!.verdict, 'accepted', JSON.stringify(byName.get('h')!.detail?.steps?.[0]));
  });

  it('runs timers on the virtual clock: sleeping takes no wall time', async () => {
    const code = `import { setTimeout as sleep } from 'node:timers/promises';
    export default (app, ctx) => {
      app.get('/wait', async (req, res) => {
        const t0 = ctx.now();
        await new Promise((resolve) => setTimeout(resolve, 60_000));
        await sleep(500);
        let ticks = 0;
        await new Promise((resolve) => { const h = setInterval(() => { if (++ticks === 3) { clearInterval(h); resolve(); } }, 10); });
        res.json({ waited: ctx.now() - t0, ticks });
      });
      app.get('/now', (req, res) => res.json({ now: ctx.now() }));
    };`;
    const started = performance.now();
    const { finished, byName } = await run(code, [
      { name: 'wait', visibility: 'hidden', steps: [get('/wait', { status: 200, body: { waited: 60_530, ticks: 3 } }), get('/now', { body: { now: 1_700_000_060_530 } })] },
    ]);
    assert.equal(finished.verdict, 'accepted', JSON.stringify([...byName.values()].map((t) => t.detail)));
    assert.ok(performance.now() - started < 10_000);
  });

  it('points stack traces and console locations at the candidate code lines', async () => {
    const code = `import express from 'express';
type Item = { id: number };
interface Unused { a: string }

export default (app: express.Express) => {
  app.get('/boom', (req, res) => {
    const items: Item[] = [];
    console.log(new Error('here').stack!.split('\\n')[1].trim());
    throw new Error('boom ' + items.length);
  });
};`;
    const { byName } = await run(code, [{ name: 't', visibility: 'hidden', steps: [get('/boom', { status: 200 })] }]);
    const detail = byName.get('t')!.detail!;
    assert.match(detail.console!, /^at solution\.ts:8:17\n/);
    assert.match(detail.console!, /Error: boom 0\n\s+at solution\.ts:9:11\n/);
    assert.doesNotMatch(detail.console!, /assay:harness/, 'frames inside Express are left out');
  });
});
