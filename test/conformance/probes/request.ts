// req: get/is/accepts*/fresh/stale/xhr/ip/hostname/protocol/secure/cookies/query, settings that shape them.
import { appModule, get, probe, send, type Probe } from '../probe';

const echo = (expr: string) => appModule(`app.all('/e', (req, res) => res.json(${expr}));`);

export const request: Probe[] = [
  probe('req.get and req.header', echo(`{ ct: req.get('Content-Type') ?? null, ref: req.get('referrer') ?? null, ua: req.header('user-agent') ?? null }`), [
    get('/e', { 'content-type': 'text/plain', referer: 'http://a.example/' }),
  ]),
  probe('req.headers as received', echo(`req.headers`), [get('/e', { 'x-one': '1', 'X-Two': 'two' })]),
  probe('req.is', echo(`{ json: req.is('json'), html: req.is('html'), app: req.is('application/*'), many: req.is(['text', 'json']) }`), [
    send('POST', '/e', { a: 1 }),
    send('POST', '/e', 'x', { 'content-type': 'text/html; charset=utf-8' }),
    get('/e'),
  ]),
  probe('req.accepts', echo(`{ one: req.accepts('json'), list: req.accepts(['html', 'json']), all: req.accepts() }`), [
    get('/e', { accept: 'text/html;q=0.5, application/json' }),
    get('/e', { accept: 'image/png' }),
    get('/e'),
  ]),
  probe('req.acceptsCharsets/Encodings/Languages', echo(`{ cs: req.acceptsCharsets('utf-8', 'iso-8859-1'), enc: req.acceptsEncodings('gzip', 'br'), lang: req.acceptsLanguages('en', 'fr-CA'), langs: req.acceptsLanguages() }`), [
    get('/e', { 'accept-charset': 'iso-8859-1', 'accept-encoding': 'br;q=0.9, gzip', 'accept-language': 'fr-CA, en;q=0.8' }),
    get('/e'),
  ]),
  probe('req.fresh and req.stale', appModule(`app.get('/f', (req, res) => { res.set('ETag', '"v1"'); res.json({ fresh: req.fresh, stale: req.stale }); });`), [
    get('/f'),
    get('/f', { 'if-none-match': '"v1"' }),
    get('/f', { 'if-none-match': '"v2"' }),
  ]),
  probe('req.xhr', echo(`{ xhr: req.xhr }`), [get('/e', { 'x-requested-with': 'XMLHttpRequest' }), get('/e')]),
  probe('req.ip, req.ips, req.hostname, req.host, req.protocol, req.secure', echo(`{ ip: req.ip, ips: req.ips, hostname: req.hostname, host: req.host, protocol: req.protocol, secure: req.secure, subdomains: req.subdomains }`), [
    get('/e', { host: 'api.shop.example.com:8080' }),
  ]),
  probe('trust proxy', appModule(`app.set('trust proxy', true); app.get('/tp', (req, res) => res.json({ ip: req.ip, ips: req.ips, protocol: req.protocol, hostname: req.hostname, secure: req.secure }));`), [
    get('/tp', { 'x-forwarded-for': '203.0.113.7, 10.0.0.1', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'public.example' }),
  ]),
  probe('req.query: extended parser (default simple in Express 5)', echo(`req.query`), [get('/e?a=1&a=2&b[c]=3&d=%20x'), get('/e?')]),
  probe("query parser 'extended'", appModule(`app.set('query parser', 'extended'); app.get('/q', (req, res) => res.json(req.query));`), [get('/q?a[b][c]=1&list[]=x&list[]=y')]),
  probe('custom query parser function', appModule(`app.set('query parser', (s) => ({ raw: s })); app.get('/q', (req, res) => res.json(req.query));`), [get('/q?x=1&y')]),
  probe('query parser disabled', appModule(`app.set('query parser', false); app.get('/q', (req, res) => res.json({ q: req.query }));`), [get('/q?x=1')]),
  probe('cookies from the Cookie header (parsed by hand, as without cookie-parser)', echo(`{ cookie: req.headers.cookie ?? null, cookies: req.cookies ?? null }`), [get('/e', { cookie: 'a=1; b=two' })]),
  probe('req.range', echo(`{ r: req.range(1000) ?? null }`), [get('/e', { range: 'bytes=0-99,200-' }), get('/e', { range: 'bytes=5000-' }), get('/e')]),
  probe('req.method, req.url, req.originalUrl, req.path', echo(`{ method: req.method, url: req.url, originalUrl: req.originalUrl, path: req.path }`), [get('/e?x=1'), send('PATCH', '/e')]),
  probe('req.params is empty outside routes with params', appModule(`app.use((req, res) => res.json({ params: req.params, route: req.route ?? null }));`), [get('/anything')]),
  probe('req.route', appModule(`app.get('/rt/:id', (req, res) => res.json({ path: req.route.path, methods: req.route.methods }));`), [get('/rt/1')]),
  probe('req.app and res.app', appModule(`app.set('name', 'probe'); app.get('/a', (req, res) => res.json({ same: req.app === app && res.app === app, name: req.app.get('name') }));`), [get('/a')]),
  probe('req.query is a getter: assignment throws', appModule(`app.get('/g', (req, res) => { try { req.query = { x: 1 }; res.json({ assigned: true }); } catch (e) { res.json({ error: e.constructor.name }); } });`), [get('/g?a=1')]),
];
