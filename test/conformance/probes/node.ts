// Node's everyday globals and modules as handlers use them (deterministic values only: randomness and time
// are seeded and virtual in the sandbox, by design).
import { appModule, get, probe, send, type Probe } from '../probe';

const value = (imports: string, expr: string) => `${imports}\n${appModule(`app.get('/v', (req, res) => res.json(${expr}));`)}`;

export const node: Probe[] = [
  probe('Buffer encodings', value('', `{ b64: Buffer.from('héllo wörld').toString('base64'), hex: Buffer.from('abc').toString('hex'), url: Buffer.from([251, 255]).toString('base64url'),
    back: Buffer.from('aGk=', 'base64').toString(), latin1: Buffer.from('é', 'latin1').length, len: Buffer.byteLength('€'), cmp: Buffer.compare(Buffer.from('a'), Buffer.from('b')),
    json: Buffer.from('hi').toJSON(), concat: Buffer.concat([Buffer.from('a'), Buffer.from('b')]).toString(), slice: Buffer.from('hello').subarray(1, 3).toString(), eq: Buffer.from('x').equals(Buffer.from('x')) }`), [get('/v')]),
  probe('Buffer numbers', value('', `(() => { const b = Buffer.alloc(8); b.writeUInt32BE(0xdeadbeef, 0); b.writeInt16LE(-2, 4); return { hex: b.toString('hex'), u: b.readUInt32BE(0), i: b.readInt16LE(4), fill: Buffer.alloc(3, 'ab').toString() }; })()`), [get('/v')]),
  probe('node:crypto hashes and HMAC', value(`import { createHash, createHmac, timingSafeEqual } from 'node:crypto';`, `{
    md5: createHash('md5').update('a').update('b').digest('hex'), sha1: createHash('sha1').update('abc').digest('base64'),
    sha256: createHash('sha256').update(Buffer.from('abc')).digest('hex'), sha512: createHash('sha512').update('abc').digest('base64'),
    hmac1: createHmac('sha1', 'k').update('m').digest('hex'), hmac256: createHmac('sha256', Buffer.from('key')).update('msg').digest('base64url'),
    hmac512: createHmac('sha512', 'a-much-longer-key-than-the-block-size-of-sha-512-'.repeat(4)).update('x').digest('hex'),
    safe: [timingSafeEqual(Buffer.from('ab'), Buffer.from('ab')), timingSafeEqual(Buffer.from('ab'), Buffer.from('ac'))] }`), [get('/v')]),
  probe('crypto errors', value(`import crypto from 'node:crypto';`, `(() => { const out = {}; try { crypto.createHash('nope'); } catch (e) { out.hash = e.message; } try { crypto.timingSafeEqual(Buffer.from('a'), Buffer.from('ab')); } catch (e) { out.tse = [e.code, e.message]; } return out; })()`), [get('/v')]),
  probe('URL and URLSearchParams', value('', `(() => { const u = new URL('HTTPS://User:Pw@Example.COM:443/a/./b/../c d?x=1&y=é#frag'); u.searchParams.append('z', 'a b'); return {
    href: u.href, origin: u.origin, host: u.host, pathname: u.pathname, search: u.search, hash: u.hash, user: u.username,
    rel: new URL('../x?q', 'http://h/a/b/c').href, port: new URL('http://h:8080').port, sp: [...new URLSearchParams('a=1&b=2&a=3').getAll('a')],
    str: new URLSearchParams({ q: 'x&y', e: '€' }).toString(), sorted: (() => { const p = new URLSearchParams('b=2&a=1'); p.sort(); return p.toString(); })(),
    canParse: [URL.canParse('nope'), URL.canParse('mailto:a@b.c')], mailto: new URL('mailto:a@b.c').pathname }; })()`), [get('/v')]),
  probe('invalid URL', value('', `(() => { try { new URL('not a url'); return { ok: true }; } catch (e) { return { name: e.name, code: e.code, message: e.message }; } })()`), [get('/v')]),
  probe('node:url legacy parse and format', value(`import url from 'node:url';`, `{ parsed: url.parse('/p/a?x=1&y=2#h', true).query, format: url.format({ protocol: 'https', host: 'example.com', pathname: '/x', search: '?a=1' }) }`), [get('/v')]),
  probe('structuredClone', value('', `(() => { const src = { d: new Date(5), m: new Map([['k', [1]]]), s: new Set([1]), n: null, nested: { a: [1, { b: 2 }] } }; const c = structuredClone(src);
    let fnError = null; try { structuredClone({ f() {} }); } catch (e) { fnError = e.name; }
    return { d: c.d.getTime(), m: [...c.m], s: [...c.s], nested: c.nested, distinct: c.nested !== src.nested, fnError }; })()`), [get('/v')]),
  probe('TextEncoder and TextDecoder', value('', `{ enc: [...new TextEncoder().encode('a€😀')], dec: new TextDecoder().decode(new Uint8Array([0xf0, 0x9f, 0x98, 0x80, 0x41])), bad: new TextDecoder().decode(new Uint8Array([0xff, 0x41])),
    latin1: new TextDecoder('latin1').decode(new Uint8Array([0xe9])), fatal: (() => { try { new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array([0xff])); return 'no'; } catch (e) { return e.name; } })() }`), [get('/v')]),
  probe('atob and btoa', value('', `{ a: btoa('hello'), b: atob('aGVsbG8='), err: (() => { try { btoa('€'); } catch (e) { return e.name; } })() }`), [get('/v')]),
  probe('node:util format and inspect basics', value(`import util from 'node:util';`, `{ f: util.format('%s=%d %j %%', 'a', 42, { x: 1 }), deep: util.isDeepStrictEqual({ a: [1] }, { a: [1] }), types: util.types.isDate(new Date()) }`), [get('/v')]),
  probe('node:util promisify', `import { promisify } from 'node:util';
    import express from 'express';
    const app = express();
    const legacy = (x, cb) => (x < 0 ? cb(new Error('negative')) : cb(null, x * 2));
    app.get('/p/:x', async (req, res) => { try { res.json({ v: await promisify(legacy)(Number(req.params.x)) }); } catch (e) { res.status(400).json({ e: e.message }); } });
    export default app;`, [get('/p/2'), get('/p/-1')]),
  probe('node:events EventEmitter', value(`import { EventEmitter } from 'node:events';`, `(() => { const e = new EventEmitter(); const seen = []; e.on('x', (v) => seen.push('on:' + v)); e.once('x', (v) => seen.push('once:' + v));
    e.emit('x', 1); e.emit('x', 2); return { seen, count: e.listenerCount('x'), names: e.eventNames() }; })()`), [get('/v')]),
  probe('class extends EventEmitter', value(`import EventEmitter from 'events';`, `(() => { class Bus extends EventEmitter { constructor() { super(); this.n = 0; } } const b = new Bus(); b.on('tick', () => b.n++); b.emit('tick'); b.emit('tick'); return { n: b.n }; })()`), [get('/v')]),
  probe('node:path and node:querystring', value(`import path from 'node:path'; import qs from 'node:querystring';`, `{ join: path.join('/a', '../b', 'c.txt'), ext: path.extname('x.tar.gz'), base: path.basename('/p/q.js', '.js'), parsed: qs.parse('a=1&b=2&b=3'), str: qs.stringify({ x: [1, 2], y: 'é' }) }`), [get('/v')]),
  probe('timers order within a request', `import express from 'express';
    const app = express();
    app.get('/t', (req, res) => { const seen = []; setTimeout(() => seen.push('timeout'), 0); setImmediate(() => seen.push('immediate')); Promise.resolve().then(() => seen.push('promise')); process.nextTick(() => seen.push('tick'));
      setTimeout(() => res.json(seen), 5); });
    export default app;`, [get('/t')]),
  probe('process basics', value('', `{ env: typeof process.env, nextTick: typeof process.nextTick, platform: typeof process.platform }`), [get('/v')]),
  probe('queueMicrotask and async handlers', appModule(`app.get('/q', (req, res) => { queueMicrotask(() => res.send('micro')); });`), [get('/q')]),
  probe('JSON body round trip with unicode', appModule(`app.use(express.json()); app.post('/r', (req, res) => res.json({ got: req.body, len: JSON.stringify(req.body).length }));`), [send('POST', '/r', { s: 'ünïcødé 😀', n: 1.5e300, neg: -0 })]),
];
