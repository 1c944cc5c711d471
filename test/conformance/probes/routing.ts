// Routing: path-to-regexp v8 syntax, params, app.param/route/all, next('route'), next('router'), mounting.
import { appModule, get, probe, send, type Probe } from '../probe';

export const routing: Probe[] = [
  probe('named params, decoded', appModule(`app.get('/users/:id/books/:book', (req, res) => res.json(req.params));`), [
    get('/users/42/books/a%20b'),
    get('/users/42/books/'),
    get('/users/42/books/x/extra'),
  ]),
  probe('optional segment with braces', appModule(`app.get('/files{/:name}', (req, res) => res.json({ name: req.params.name ?? null }));`), [
    get('/files'),
    get('/files/a.txt'),
  ]),
  probe('wildcard *splat', appModule(`app.get('/static/*path', (req, res) => res.json(req.params));`), [get('/static/a/b/c.js'), get('/static')]),
  probe('optional wildcard', appModule(`app.get('/docs{/*rest}', (req, res) => res.json({ rest: req.params.rest ?? null }));`), [get('/docs'), get('/docs/a/b')]),
  probe('regular expression route', appModule(`app.get(/^\\/num\\/(\\d+)$/, (req, res) => res.json({ n: req.params[0] }));`), [get('/num/12'), get('/num/ab')]),
  probe('array of paths', appModule(`app.get(['/a', '/b/:x'], (req, res) => res.json({ path: req.path, params: req.params }));`), [get('/a'), get('/b/1'), get('/c')]),
  probe('trailing slash and case (defaults)', appModule(`app.get('/Mixed/Case', (req, res) => res.send('ok'));`), [get('/mixed/case'), get('/Mixed/Case/'), get('/MIXED/CASE')]),
  probe('strict routing and case sensitive routing', appModule(`app.set('strict routing', true); app.set('case sensitive routing', true);
    app.get('/exact/', (req, res) => res.send('slash')); app.get('/Exact', (req, res) => res.send('case'));`), [get('/exact/'), get('/exact'), get('/Exact'), get('/exact')]),
  probe('app.param', appModule(`app.param('id', (req, res, next, id) => { if (!/^\\d+$/.test(id)) return res.status(400).json({ bad: id }); req.item = { id: Number(id) }; next(); });
    app.get('/items/:id', (req, res) => res.json(req.item));`), [get('/items/5'), get('/items/x')]),
  probe('app.param runs once per request', appModule(`let calls = 0; app.param('id', (req, res, next) => { calls++; next(); });
    app.get('/p/:id', (req, res, next) => next()); app.get('/p/:id', (req, res) => res.json({ calls }));`), [get('/p/1')]),
  probe('app.route chain', appModule(`app.route('/book').get((req, res) => res.send('get')).post((req, res) => res.status(201).send('post')).all((req, res) => res.status(405).send('no'));`), [
    get('/book'),
    send('POST', '/book'),
    send('DELETE', '/book'),
  ]),
  probe('app.all', appModule(`app.all('/any', (req, res) => res.send(req.method));`), [get('/any'), send('PUT', '/any'), send('PATCH', '/any'), send('OPTIONS', '/any')]),
  probe("next('route')", appModule(`app.get('/r/:id', (req, res, next) => req.params.id === 'skip' ? next('route') : next(), (req, res) => res.send('first'));
    app.get('/r/:id', (req, res) => res.send('second'));`), [get('/r/1'), get('/r/skip')]),
  probe("next('router')", appModule(`const r = express.Router(); r.use((req, res, next) => req.query.out ? next('router') : next()); r.get('/x', (req, res) => res.send('inside'));
    app.use('/m', r); app.get('/m/x', (req, res) => res.send('outside'));`), [get('/m/x'), get('/m/x?out=1')]),
  probe('mounted router: baseUrl, path, originalUrl, url', appModule(`const r = express.Router();
    r.get('/:id', (req, res) => res.json({ baseUrl: req.baseUrl, path: req.path, originalUrl: req.originalUrl, url: req.url, params: req.params }));
    app.use('/api/v1/things', r);`), [get('/api/v1/things/9?q=1'), get('/api/v1/things')]),
  probe('router with mergeParams', appModule(`const r = express.Router({ mergeParams: true }); r.get('/posts/:post', (req, res) => res.json(req.params));
    app.use('/users/:user', r);`), [get('/users/u1/posts/p2')]),
  probe('nested routers', appModule(`const a = express.Router(); const b = express.Router();
    b.get('/leaf', (req, res) => res.json({ baseUrl: req.baseUrl, originalUrl: req.originalUrl })); a.use('/b', b); app.use('/a', a);`), [get('/a/b/leaf'), get('/a/b/nope')]),
  probe('sub-app mounting', `import express from 'express';
    const app = express(); const admin = express();
    admin.get('/', (req, res) => res.json({ mountpath: admin.mountpath, baseUrl: req.baseUrl, path: req.path }));
    admin.get('/users', (req, res) => res.json({ sub: true, url: req.url }));
    app.use('/admin', admin);
    export default app;`, [get('/admin'), get('/admin/users'), get('/admin/users?x=1')]),
  probe('sub-app settings inheritance', `import express from 'express';
    const app = express(); app.set('json spaces', 2); app.set('title', 'main'); const sub = express();
    sub.get('/s', (req, res) => res.json({ title: sub.get('title'), spaces: sub.get('json spaces') }));
    app.use('/sub', sub); export default app;`, [get('/sub/s')]),
  probe('middleware order and path prefix', appModule(`const seen = [];
    app.use((req, res, next) => { res.locals.trail = ['all']; next(); });
    app.use('/p', (req, res, next) => { res.locals.trail.push('p:' + req.url); next(); });
    app.use('/p/q', (req, res, next) => { res.locals.trail.push('q:' + req.baseUrl); next(); });
    app.get('/p/q/r', (req, res) => res.json(res.locals.trail));`), [get('/p/q/r'), get('/pq')]),
  probe('use with several handlers and arrays', appModule(`const a = (req, res, next) => { res.set('x-a', '1'); next(); }; const b = (req, res, next) => { res.set('x-b', '2'); next(); };
    app.use([a, [b]], (req, res, next) => next()); app.get('/h', (req, res) => res.send('h'));`), [get('/h')]),
  probe('405 is not automatic: 404 for other methods', appModule(`app.get('/only-get', (req, res) => res.send('g'));`), [send('POST', '/only-get'), send('DELETE', '/only-get')]),
  probe('OPTIONS answered automatically with Allow', appModule(`app.get('/opt', (req, res) => res.send('g')); app.post('/opt', (req, res) => res.send('p'));`), [send('OPTIONS', '/opt')]),
  probe('HEAD falls back to GET routes', appModule(`app.get('/head', (req, res) => res.set('x-h', 'yes').json({ big: 'body' }));`), [{ method: 'HEAD', url: '/head' }]),
  probe('explicit HEAD route', appModule(`app.head('/hh', (req, res) => res.set('x-head', '1').end()); app.get('/hh', (req, res) => res.send('get'));`), [{ method: 'HEAD', url: '/hh' }, get('/hh')]),
  probe('percent-encoded path and params', appModule(`app.get('/enc/:v', (req, res) => res.json({ v: req.params.v, path: req.path }));`), [get('/enc/%E2%82%AC'), get('/enc/a%2Fb')]),
  probe('malformed percent-encoding in a param', appModule(`app.get('/bad/:v', (req, res) => res.json(req.params));`), [get('/bad/%E0%A4%A')]),
  probe('router.route and router.param', appModule(`const r = express.Router(); r.param('n', (req, res, next, n) => { req.n = Number(n) * 2; next(); });
    r.route('/double/:n').get((req, res) => res.json({ n: req.n })); app.use(r);`), [get('/double/21')]),
  probe('router-level 404 falls through to app', appModule(`const r = express.Router(); r.get('/in', (req, res) => res.send('in')); app.use('/r', r); app.use((req, res) => res.status(404).json({ missing: req.originalUrl }));`), [get('/r/out'), get('/r/in')]),
];
