import assert from 'node:assert/strict';
import { judgeToResult } from '../../../runner/judge';
import type { TestFinished } from '../../../runner/types';
import { buildApiChallenge, get } from '../factories';

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
      { name: 'no route', visibility: 'hidden', steps: [get('/nothing', { status: 404, body: { error: 'Not Found' } }), { request: { method: 'DELETE', path: '/echo' }, expect: { status: 404 } }] },
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

  it('awaits async handlers and turns thrown errors and rejections into 500', async () => {
    const code = `export default (app) => {
      app.get('/slow', async (req, res) => { await null; await Promise.resolve(); res.json({ done: true }); });
      app.get('/throw', () => { throw new Error('sync boom'); });
      app.get('/reject', async () => { await null; throw new TypeError('async boom'); });
    };`;
    const { byName } = await run(code, [
      { name: 'async', visibility: 'hidden', steps: [get('/slow', { status: 200, body: { done: true } })] },
      { name: 'sync throw expected 500', visibility: 'hidden', steps: [get('/throw', { status: 500, body: { error: 'Internal Server Error' } })] },
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
    assert.equal(byName.get('hang')!.verdict, 'time_limit');
    assert.equal(byName.get('after')!.verdict, 'accepted');
  });
});
