// Body parsers over the request: express.json/urlencoded/text/raw, their errors, limits and types.
import { appModule, probe, send, type Probe } from '../probe';

const parsers = (use: string) => appModule(`${use}\napp.all('/b', (req, res) => res.json({ body: req.body === undefined ? '(undefined)' : Buffer.isBuffer(req.body) ? { buffer: req.body.toString('hex') } : req.body }));`);

export const bodies: Probe[] = [
  probe('express.json', parsers(`app.use(express.json());`), [
    send('POST', '/b', { a: [1, { b: null }] }),
    send('POST', '/b', 'null', { 'content-type': 'application/json' }),
    send('POST', '/b', '"str"', { 'content-type': 'application/json' }),
    send('POST', '/b', '{bad json', { 'content-type': 'application/json' }),
    send('POST', '/b', '', { 'content-type': 'application/json' }),
    send('POST', '/b', 'x=1', { 'content-type': 'application/x-www-form-urlencoded' }),
    send('GET', '/b'),
  ]),
  probe('express.json strict: false and type option', parsers(`app.use(express.json({ strict: false, type: ['application/json', 'application/*+json'] }));`), [
    send('POST', '/b', '"str"', { 'content-type': 'application/json' }),
    send('POST', '/b', '{"a":1}', { 'content-type': 'application/vnd.api+json' }),
  ]),
  probe('express.json limit', parsers(`app.use(express.json({ limit: 10 }));`), [send('POST', '/b', { long: 'x'.repeat(50) }), send('POST', '/b', { a: 1 })]),
  probe('express.json error caught by an error handler', appModule(`app.use(express.json());
    app.post('/b', (req, res) => res.json(req.body));
    app.use((err, req, res, next) => res.status(err.status).json({ type: err.type, status: err.status, expose: err.expose, name: err.name, message: err.message }));`), [
    send('POST', '/b', '{"a":', { 'content-type': 'application/json' }),
    send('POST', '/b', '{"a":1}', { 'content-type': 'application/json; charset=latin-9' }),
  ]),
  probe('express.json charset', parsers(`app.use(express.json());`), [
    send('POST', '/b', '{"e":"é"}', { 'content-type': 'application/json; charset=utf-8' }),
    send('POST', '/b', '{"a":1}', { 'content-type': 'application/json; charset=koi8-r' }),
  ]),
  probe('express.urlencoded', parsers(`app.use(express.urlencoded());`), [
    send('POST', '/b', 'a=1&b=two+words&c=%C3%A9&a=2', { 'content-type': 'application/x-www-form-urlencoded' }),
    send('POST', '/b', 'x[y]=1&list[]=a&list[]=b', { 'content-type': 'application/x-www-form-urlencoded' }),
  ]),
  probe('express.urlencoded extended: true', parsers(`app.use(express.urlencoded({ extended: true }));`), [
    send('POST', '/b', 'x[y][z]=1&list[]=a&list[]=b', { 'content-type': 'application/x-www-form-urlencoded' }),
  ]),
  probe('express.text', parsers(`app.use(express.text());`), [
    send('POST', '/b', 'plain text ✓', { 'content-type': 'text/plain' }),
    send('POST', '/b', '<x/>', { 'content-type': 'text/html' }),
  ]),
  probe("express.text type '*/*'", parsers(`app.use(express.text({ type: '*/*' }));`), [send('PUT', '/b', 'anything', { 'content-type': 'application/octet-stream' })]),
  probe('express.raw', parsers(`app.use(express.raw());`), [send('POST', '/b', 'bytes', { 'content-type': 'application/octet-stream' }), send('POST', '/b', 'no', { 'content-type': 'text/plain' })]),
  probe('express.raw with a type and limit', parsers(`app.use(express.raw({ type: 'image/*', limit: '5b' }));`), [
    send('POST', '/b', '12345', { 'content-type': 'image/png' }),
    send('POST', '/b', '123456', { 'content-type': 'image/png' }),
  ]),
  probe('several parsers on one app', parsers(`app.use(express.json()); app.use(express.urlencoded({ extended: false })); app.use(express.text());`), [
    send('POST', '/b', { j: 1 }),
    send('POST', '/b', 'f=1', { 'content-type': 'application/x-www-form-urlencoded' }),
    send('POST', '/b', 't', { 'content-type': 'text/plain' }),
  ]),
  probe('body without any parser', parsers(``), [send('POST', '/b', { a: 1 })]),
  probe('parser mounted on a path', appModule(`app.post('/b', express.json(), (req, res) => res.json({ got: req.body })); app.post('/c', (req, res) => res.json({ got: req.body ?? null }));`), [send('POST', '/b', { a: 1 }), send('POST', '/c', { a: 1 })]),
  probe('compressed body is refused with 415', parsers(`app.use(express.json());`), [send('POST', '/b', 'x', { 'content-type': 'application/json', 'content-encoding': 'compress' })]),
  probe('verify option', parsers(`app.use(express.json({ verify: (req, res, buf) => { if (buf.includes('forbidden')) throw new Error('no'); } }));`), [send('POST', '/b', { word: 'forbidden' }), send('POST', '/b', { word: 'ok' })]),
  probe('reading the request stream by hand', appModule(`app.post('/s', (req, res) => { let size = 0; req.on('data', (c) => (size += c.length)); req.on('end', () => res.json({ size })); });`), [send('POST', '/s', 'abcdef', { 'content-type': 'text/plain' }), send('POST', '/s')]),
  probe('async iteration over the request', appModule(`app.post('/s', async (req, res) => { const parts = []; for await (const c of req) parts.push(c); res.send(Buffer.concat(parts).toString().toUpperCase()); });`), [send('POST', '/s', 'shout', { 'content-type': 'text/plain' })]),
];
