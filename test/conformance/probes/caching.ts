// Automatic ETag and 304, HEAD, Content-Length and charset, etag settings.
import { appModule, get, probe, send, type Probe } from '../probe';

export const caching: Probe[] = [
  probe('weak ETag by default and 304 on If-None-Match', appModule(`app.get('/e', (req, res) => res.json({ version: 1 }));`), [
    get('/e'),
    get('/e', { 'if-none-match': 'W/"f-0ZpNjQfQFhSbkZXDrqUTx5HE3tM"' }),
    get('/e', { 'if-none-match': '*' }),
    get('/e', { 'if-none-match': '"other"' }),
  ]),
  probe('strong ETag setting', appModule(`app.set('etag', 'strong'); app.get('/e', (req, res) => res.send('strong body'));`), [get('/e')]),
  probe('ETag disabled', appModule(`app.set('etag', false); app.get('/e', (req, res) => res.send('no etag'));`), [get('/e')]),
  probe('custom ETag function', appModule(`app.set('etag', (body) => '"len-' + body.length + '"'); app.get('/e', (req, res) => res.send('custom'));`), [get('/e'), get('/e', { 'if-none-match': '"len-6"' })]),
  probe('ETag set by the handler wins and drives 304', appModule(`app.get('/v', (req, res) => { res.set('ETag', '"v7"'); res.json({ v: 7 }); });`), [get('/v'), get('/v', { 'if-none-match': '"v7"' }), get('/v', { 'if-none-match': 'W/"v7"' })]),
  probe('Last-Modified and If-Modified-Since', appModule(`app.get('/m', (req, res) => { res.set('Last-Modified', 'Tue, 01 Jan 2030 00:00:00 GMT'); res.set('ETag', ''); res.send('m'); });`), [
    get('/m', { 'if-modified-since': 'Wed, 01 Jan 2031 00:00:00 GMT' }),
    get('/m', { 'if-modified-since': 'Mon, 01 Jan 2029 00:00:00 GMT' }),
  ]),
  probe('no 304 for POST or for error statuses', appModule(`app.post('/p', (req, res) => res.json({ p: 1 })); app.get('/n', (req, res) => res.status(404).json({ p: 1 }));`), [
    send('POST', '/p', undefined, { 'if-none-match': 'W/"7-nUzFiGkoPmCuDVhzoeBNWSfB0P8"' }),
    get('/n', { 'if-none-match': 'W/"7-nUzFiGkoPmCuDVhzoeBNWSfB0P8"' }),
  ]),
  probe('Cache-Control no-cache defeats 304', appModule(`app.get('/c', (req, res) => res.send('c'));`), [get('/c', { 'if-none-match': 'W/"1-hNVZ3nhMq4UUK1UqBgPdDTG1STo"', 'cache-control': 'no-cache' })]),
  probe('HEAD keeps headers, drops the body', appModule(`app.get('/h', (req, res) => res.send('a body of some length'));`), [{ method: 'HEAD', url: '/h' }, get('/h')]),
  probe('Content-Length counts bytes, not characters', appModule(`app.get('/u', (req, res) => res.send('héllo €')); app.get('/j', (req, res) => res.json({ e: '€' }));`), [get('/u'), get('/j')]),
  probe('empty string body', appModule(`app.get('/e', (req, res) => res.send(''));`), [get('/e')]),
];
