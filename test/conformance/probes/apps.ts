// Module shapes: (app, ctx) => void, an exported app, a Router, app.listen(), CommonJS; settings APIs.
import { get, probe, send, type Probe } from '../probe';

export const apps: Probe[] = [
  probe('(app, ctx) => void with JSON bodies parsed', `export default (app) => { app.post('/x', (req, res) => res.status(201).json({ got: req.body })); };`, [send('POST', '/x', { a: 1 }), get('/y')]),
  probe('module.exports = app (CommonJS)', `const express = require('express'); const app = express(); app.get('/c', (req, res) => res.send('cjs')); module.exports = app;`, [get('/c')]),
  probe('exported Router', `import { Router } from 'express'; const r = Router(); r.get('/r', (req, res) => res.json({ base: req.baseUrl })); export default r;`, [get('/r'), get('/nope')]),
  probe('named imports from express', `import express, { json, Router, urlencoded } from 'express'; const app = express(); const r = Router(); r.post('/n', (req, res) => res.json(req.body)); app.use(json(), urlencoded({ extended: false }), r); export default app;`, [
    send('POST', '/n', { a: 1 }),
    send('POST', '/n', 'b=2', { 'content-type': 'application/x-www-form-urlencoded' }),
  ]),
  probe('app.set/get/enable/disable/enabled/disabled', `import express from 'express'; const app = express();
    app.set('answer', 42); app.enable('feature'); app.disable('other');
    app.get('/s', (req, res) => res.json({ answer: app.get('answer'), f: app.enabled('feature'), o: app.disabled('other'), env: app.get('env'), etag: typeof app.get('etag fn'), qp: app.get('query parser'), strict: app.get('strict routing') ?? null }));
    export default app;`, [get('/s')]),
  probe('app.path and mountpath', `import express from 'express'; const app = express(); const blog = express(); const admin = express();
    admin.get('/p', (req, res) => res.json({ admin: admin.path(), blog: blog.path(), mount: admin.mountpath }));
    blog.use('/admin', admin); app.use('/blog', blog); export default app;`, [get('/blog/admin/p')]),
  probe('app mounted on several paths', `import express from 'express'; const app = express(); const sub = express();
    sub.get('/', (req, res) => res.json({ mountpath: sub.mountpath, baseUrl: req.baseUrl })); app.use(['/one', '/two'], sub); export default app;`, [get('/one'), get('/two')]),
  probe("sub-app 'mount' event", `import express from 'express'; const app = express(); const sub = express(); let parentSeen = false;
    sub.on('mount', (parent) => { parentSeen = parent === app; }); app.use('/s', sub); app.get('/m', (req, res) => res.json({ parentSeen })); export default app;`, [get('/m')]),
  probe('app.listen in the module', `import express from 'express'; const app = express(); app.get('/l', (req, res) => res.send('listening')); app.listen(0); export default app;`, [get('/l')]),
  probe('async (app, ctx) setup', `export default async (app) => { await null; app.get('/a', (req, res) => res.send('ready')); };`, [get('/a')]),
  probe('state kept between requests of one test', `import express from 'express'; const app = express(); let n = 0; app.post('/inc', (req, res) => res.json({ n: ++n })); export default app;`, [send('POST', '/inc'), send('POST', '/inc'), send('POST', '/inc')]),
  probe('express.Router options: caseSensitive and strict', `import express from 'express'; const app = express(); const r = express.Router({ caseSensitive: true, strict: true });
    r.get('/Up/', (req, res) => res.send('up')); app.use(r); export default app;`, [get('/Up/'), get('/up/'), get('/Up')]),
  probe('express.request and express.response extensions', `import express from 'express'; const app = express();
    app.response.sendOk = function () { return this.status(200).json({ ok: true }); };
    app.get('/ok', (req, res) => res.sendOk()); export default app;`, [get('/ok')]),
  probe('overriding res.json on the instance', `import express from 'express'; const app = express();
    app.use((req, res, next) => { const original = res.json; res.json = function (body) { return original.call(this, { wrapped: body }); }; next(); });
    app.get('/w', (req, res) => res.json({ x: 1 })); export default app;`, [get('/w')]),
];
