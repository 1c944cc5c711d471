// res: status/sendStatus/send/json/jsonp/type/format/redirect/location/cookie/clearCookie/vary/append/links/attachment/end/set.
import { appModule, get, probe, type Probe } from '../probe';

const one = (handler: string) => appModule(`app.all('/r', ${handler});`);

export const response: Probe[] = [
  probe('res.send string', one(`(req, res) => res.send('<p>hello</p>')`), [get('/r'), { method: 'HEAD', url: '/r' }]),
  probe('res.send Buffer', one(`(req, res) => res.send(Buffer.from([0, 1, 2, 255]))`), [get('/r')]),
  probe('res.send object and array', appModule(`app.get('/o', (req, res) => res.send({ a: 1 })); app.get('/a', (req, res) => res.send([1, 'x']));`), [get('/o'), get('/a')]),
  probe('res.send number is a body, not a status (Express 5)', one(`(req, res) => res.send(404)`), [get('/r')]),
  probe('res.send with a set Content-Type', one(`(req, res) => res.type('text').send('plain')`), [get('/r')]),
  probe('res.send nothing and null', appModule(`app.get('/n', (req, res) => res.send()); app.get('/z', (req, res) => res.send(null)); app.get('/b', (req, res) => res.send(true));`), [get('/n'), get('/z'), get('/b')]),
  probe('res.json values', appModule(`app.get('/s', (req, res) => res.json('str')); app.get('/n', (req, res) => res.json(null)); app.get('/u', (req, res) => res.json(undefined)); app.get('/d', (req, res) => res.json({ d: new Date(0) }));`), [get('/s'), get('/n'), get('/u'), get('/d')]),
  probe('json spaces, replacer and escape settings', appModule(`app.set('json spaces', 2); app.set('json replacer', (k, v) => (k === 'secret' ? undefined : v)); app.set('json escape', true);
    app.get('/j', (req, res) => res.json({ a: '<b>&', secret: 1, n: [1] }));`), [get('/j')]),
  probe('res.jsonp', appModule(`app.get('/p', (req, res) => res.jsonp({ ok: true }));`), [get('/p?callback=cb'), get('/p'), get('/p?callback=a.b[0]'), get('/p?callback=bad()')]),
  probe('jsonp callback name setting', appModule(`app.set('jsonp callback name', 'cbk'); app.get('/p', (req, res) => res.jsonp([1]));`), [get('/p?cbk=f')]),
  probe('res.status and res.sendStatus', appModule(`app.get('/s/:n', (req, res) => res.sendStatus(Number(req.params.n))); app.get('/t', (req, res) => res.status(418).send('teapot'));`), [
    get('/s/200'),
    get('/s/201'),
    get('/s/204'),
    get('/s/304'),
    get('/s/404'),
    get('/s/599'),
    get('/t'),
  ]),
  probe('res.status with an invalid code throws', appModule(`app.get('/x', (req, res) => res.status(1000).send('x')); app.get('/y', (req, res) => res.status('abc').send('y'));`), [get('/x'), get('/y')]),
  probe('204 and 304 strip body and entity headers', appModule(`app.get('/nc', (req, res) => res.status(204).send('gone')); app.get('/nm', (req, res) => res.status(304).json({ x: 1 }));`), [get('/nc'), get('/nm')]),
  probe('res.type', appModule(`app.get('/t/:t', (req, res) => res.type(req.params.t).send('x'));`), [get('/t/json'), get('/t/html'), get('/t/png'), get('/t/application%2Fvnd.api%2Bjson'), get('/t/text')]),
  probe('res.set, res.get, res.append, res.header', appModule(`app.get('/h', (req, res) => {
      res.set({ 'X-A': '1', 'X-B': ['2', '3'] }); res.append('X-B', '4'); res.append('Link', ['<a>', '<b>']); res.header('X-C', 5);
      res.set('Content-Type', 'text/plain'); res.json({ a: res.get('x-a'), b: res.get('X-B'), ct: res.get('content-type') });
    });`), [get('/h')]),
  probe('res.set Content-Type adds a charset', appModule(`app.get('/c', (req, res) => res.set('Content-Type', 'text/html').send('x')); app.get('/d', (req, res) => res.set('Content-Type', 'application/octet-stream').send('y'));`), [get('/c'), get('/d')]),
  probe('res.vary', one(`(req, res) => { res.vary('Accept'); res.vary('Origin'); res.vary('accept'); res.send('v'); }`), [get('/r')]),
  probe('res.links', one(`(req, res) => res.links({ next: '/p/2', last: '/p/9' }).links({ prev: '/p/0' }).end()`), [get('/r')]),
  probe('res.location', appModule(`app.get('/l', (req, res) => res.location('/next page?x=ü').sendStatus(201)); app.get('/b', (req, res) => res.location('back').end());`), [get('/l'), get('/b', { referer: '/from' }), get('/b')]),
  probe('res.redirect', appModule(`app.get('/a', (req, res) => res.redirect('/b')); app.get('/c', (req, res) => res.redirect(301, 'http://example.org/x y'));`), [
    get('/a'),
    get('/a', { accept: 'text/html' }),
    get('/a', { accept: 'application/json' }),
    get('/c'),
    { method: 'HEAD', url: '/a' },
  ]),
  probe('res.format', one(`(req, res) => res.format({ text: () => res.send('t'), html: () => res.send('<b>h</b>'), json: () => res.json({ j: 1 }) })`), [
    get('/r', { accept: 'application/json' }),
    get('/r', { accept: 'text/html' }),
    get('/r', { accept: 'text/*;q=0.5, image/png' }),
    get('/r'),
    get('/r', { accept: 'image/png' }),
  ]),
  probe('res.format with default', one(`(req, res) => res.format({ json: () => res.json(1), default: () => res.status(406).send('none') })`), [get('/r', { accept: 'text/csv' })]),
  probe('res.cookie', one(`(req, res) => {
      res.cookie('a', 'simple'); res.cookie('b', { obj: 1 }); res.cookie('c', 'v', { path: '/x', httpOnly: true, secure: true, sameSite: 'strict', domain: 'example.com' });
      res.cookie('d', 'e', { expires: new Date(0) }); res.cookie('p', 'q', { partitioned: true, secure: true, priority: 'high' }); res.send('c');
    }`), [get('/r')]),
  probe('res.cookie maxAge', one(`(req, res) => { res.cookie('m', '1', { maxAge: 0 }); res.send('m'); }`), [get('/r')]),
  probe('res.cookie signed needs a secret', one(`(req, res) => res.cookie('s', 'v', { signed: true }).send('s')`), [get('/r')]),
  probe('res.clearCookie', one(`(req, res) => { res.clearCookie('a'); res.clearCookie('b', { path: '/p', domain: 'example.com' }); res.end(); }`), [get('/r')]),
  probe('res.attachment', appModule(`app.get('/a', (req, res) => res.attachment().send('x')); app.get('/b', (req, res) => res.attachment('report 2024.pdf').send('y')); app.get('/c', (req, res) => res.attachment('naïve.txt').send('z'));`), [get('/a'), get('/b'), get('/c')]),
  probe('res.end with and without a body', appModule(`app.get('/a', (req, res) => res.end('raw')); app.get('/b', (req, res) => res.end()); app.get('/c', (req, res) => res.status(202).end(Buffer.from('buf')));`), [get('/a'), get('/b'), get('/c')]),
  probe('res.write then end is chunked', one(`(req, res) => { res.write('a'); res.write('b'); res.end('c'); }`), [get('/r')]),
  probe('res.writeHead', appModule(`app.get('/w', (req, res) => { res.writeHead(201, { 'X-W': '1', 'Content-Type': 'text/plain' }); res.end('made'); }); app.get('/m', (req, res) => { res.writeHead(200, 'Fine'); res.end(); });`), [get('/w'), get('/m')]),
  probe('res.headersSent and setting headers after sending', one(`(req, res) => { res.send('first'); let error = null; try { res.set('X-Late', '1'); } catch (e) { error = e.code; } res.locals.e = error; }`), [get('/r')]),
  probe('double send', one(`(req, res) => { res.send('one'); res.send('two'); }`), [get('/r')]),
  probe('x-powered-by can be disabled', appModule(`app.disable('x-powered-by'); app.get('/x', (req, res) => res.json({ enabled: app.enabled('x-powered-by'), disabled: app.disabled('x-powered-by') }));`), [get('/x')]),
  probe('res.locals and app.locals', appModule(`app.locals.site = 'S'; app.use((req, res, next) => { res.locals.user = 'u'; next(); }); app.get('/l', (req, res) => res.json({ site: app.locals.site, user: res.locals.user }));`), [get('/l')]),
  probe('res.render without a view engine', appModule(`app.get('/v', (req, res) => res.render('page'));`), [get('/v')]),
  probe('res.sendFile (the sandbox has no file system)', appModule(`app.get('/f', (req, res, next) => { try { res.sendFile('/etc/hostname'); } catch (e) { next(e); } });
    app.use((err, req, res, next) => res.status(500).json({ failed: true }));`), [get('/f')]),
  probe('express.static (the sandbox has no file system)', `import express from 'express';
    const app = express();
    let mounted = true;
    try { app.use(express.static('/tmp')); } catch (e) { mounted = false; }
    app.get('/s', (req, res) => res.json({ mounted }));
    export default app;`, [get('/s')]),
];
