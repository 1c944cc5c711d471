// The Express look-alike harness the API kind ran before it ran the real Express (kept for the bench only: it
// measures what the Express layer costs per submission against it). Never used to judge.
export const LOOKALIKE_HARNESS_SOURCE = String.raw`
(function (sandbox) {
  'use strict';
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const freeze = Object.freeze;
  const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];
  const STATUS_TEXT = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found',
    304: 'Not Modified', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
    409: 'Conflict', 410: 'Gone', 412: 'Precondition Failed', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity',
    429: 'Too Many Requests', 500: 'Internal Server Error', 501: 'Not Implemented', 503: 'Service Unavailable' };
  let factory = null;
  let app = null;
  let loadError = null;
  let hasDb = false;

  const describe = (function describe(err) {
    try {
      if (err instanceof Error) return String(err.name) + ': ' + String(err.message);
      if (typeof err === 'string') return err;
      const json = stringify(err);
      return json === undefined ? String(err) : json;
    } catch (e) {
      return 'a value that cannot be printed';
    }
  });
  const stackOf = (function stackOf(err) {
    try { return err instanceof Error && typeof err.stack === 'string' ? err.stack : describe(err); } catch (e) { return describe(err); }
  });

  const requireStub = (function requireStub(name) {
    throw new Error('Cannot find module ' + stringify(String(name)) + ': modules are not available in the sandbox');
  });

  const escapeRegex = (function escapeRegex(s) { return s.replace(/[.+?^$()|[\]\\{}]/g, '\\$&'); });

  // '/items/:id', '/files/*', '/a/:b?' -> {regex, keys}; prefix=true matches a path and everything under it.
  // The module registers the same routes in every test: compiled once per submission. Neither the
  // regex nor the keys ever reach candidate code, so sharing them between tests leaks nothing.
  const compiledRoutes = new Map();
  const compile = (function compile(path, prefix) {
    if (path instanceof RegExp) return { regex: path, keys: [] };
    if (typeof path !== 'string') throw new TypeError('a route path must be a string');
    const cacheKey = (prefix ? 'p' : 'e') + path;
    const hit = compiledRoutes.get(cacheKey);
    if (hit !== undefined) return hit;
    const route = compileRoute(path, prefix);
    if (compiledRoutes.size < 1000) compiledRoutes.set(cacheKey, route);
    return route;
  });
  const compileRoute = (function compileRoute(path, prefix) {
    const keys = [];
    let source = '';
    const parts = path.split('/');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (i === 0 && part === '') continue;
      const m = /^:([A-Za-z_$][\w$]*)(\?)?$/.exec(part);
      if (m) {
        keys.push(m[1]);
        source += m[2] ? '(?:/([^/]+))?' : '/([^/]+)';
      } else if (part === '*' || part === '*splat') {
        keys.push('0');
        source += '/(.*)';
      } else {
        source += '/' + escapeRegex(part).replace(/\*/g, '.*');
      }
    }
    if (source === '/' || source === '') source = '';
    const tail = prefix ? '(?=/|$)' : '/?$';
    return { regex: new RegExp('^' + source + tail, 'i'), keys };
  });

  const createApp = (function createApp() {
    const layers = [];
    const app = {};
    const add = (function add(method, path, handlers, prefix) {
      const flat = [];
      const walk = (function (h) { if (Array.isArray(h)) h.forEach(walk); else flat.push(h); });
      walk(handlers);
      for (const h of flat) {
        if (typeof h !== 'function') throw new TypeError('a route handler must be a function, got ' + typeof h);
        const { regex, keys } = compile(path, prefix);
        layers.push({ method, regex, keys, handle: h, errorHandler: h.length === 4 });
      }
      return app;
    });
    for (const m of METHODS) app[m] = (function (path, ...handlers) { return add(m.toUpperCase(), path, handlers, false); });
    app.all = (function (path, ...handlers) { return add(null, path, handlers, false); });
    app.use = (function (first, ...rest) {
      if (typeof first === 'function' || Array.isArray(first)) return add(null, '/', [first, ...rest], true);
      return add(null, first, rest, true);
    });
    app.route = (path) => {
      const route = {};
      for (const m of METHODS) route[m] = (...handlers) => { add(m.toUpperCase(), path, handlers, false); return route; };
      route.all = (...handlers) => { add(null, path, handlers, false); return route; };
      return route;
    };
    app.listen = () => app;
    app.set = () => app;
    app.disable = () => app;
    app.enable = () => app;
    return { app, layers };
  });

  const makeCtx = (function makeCtx() {
    const ctx = { now: (function () { return Date.now(); }) };
    if (hasDb) {
      ctx.db = freeze({
        query: (function (sql, params) {
          let payload;
          try {
            payload = stringify({ sql: String(sql), params: params === undefined ? [] : params });
          } catch (e) {
            return Promise.reject(new TypeError('query parameters must be JSON values: ' + describe(e)));
          }
          return sandbox.hostCall('db.query', payload).then((text) => {
            const result = parse(text);
            if (result.error !== undefined) throw new Error(String(result.error));
            return result;
          });
        }),
      });
    }
    return freeze(ctx);
  });

  const instantiate = (function instantiate() {
    app = null;
    loadError = null;
    const module = { exports: {} };
    try {
      factory.call(undefined, module.exports, module, requireStub);
      const exported = module.exports;
      let main = exported;
      if (exported !== null && (typeof exported === 'object' || typeof exported === 'function') && exported.default !== undefined) main = exported.default;
      if (typeof main !== 'function') {
        loadError = 'the module must default-export a function (app, ctx) => void';
        return;
      }
      const made = createApp();
      const result = main(made.app, makeCtx());
      app = made;
      if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
        return Promise.resolve(result).then(() => undefined, (err) => { app = null; loadError = 'the exported function failed: ' + describe(err); });
      }
    } catch (err) {
      loadError = 'loading the module failed: ' + stackOf(err);
    }
    return undefined;
  });

  const headerValue = (function headerValue(value) {
    if (Array.isArray(value)) return value.map((v) => String(v)).join(', ');
    return String(value);
  });

  // Runs one request through the layers; calls resolve(responseJsonObject) once, possibly synchronously.
  const handle = (function handle(request, resolve, budget) {
    {
      const errors = [];
      const headers = Object.create(null);
      let finished = false;
      const reqHeaders = Object.create(null);
      for (const k of Object.keys(request.headers || {})) reqHeaders[k.toLowerCase()] = String(request.headers[k]);
      if (request.body !== undefined && reqHeaders['content-type'] === undefined) reqHeaders['content-type'] = 'application/json';
      const query = request.query || {};
      let search = '';
      for (const k of Object.keys(query)) {
        const vs = Array.isArray(query[k]) ? query[k] : [query[k]];
        for (const v of vs) search += (search ? '&' : '?') + encodeURIComponent(k) + '=' + encodeURIComponent(v);
      }
      const req = {
        method: request.method,
        path: request.path,
        url: request.path + search,
        originalUrl: request.path + search,
        params: {},
        query,
        body: request.body,
        headers: reqHeaders,
        ip: '127.0.0.1',
        hostname: 'localhost',
        protocol: 'http',
        get: (function (name) { return reqHeaders[String(name).toLowerCase()]; }),
        header: (function (name) { return reqHeaders[String(name).toLowerCase()]; }),
      };
      const res = {
        statusCode: 200,
        headersSent: false,
        locals: {},
        status: (function (code) { res.statusCode = code; return res; }),
        set: (function (name, value) {
          if (name !== null && typeof name === 'object') { for (const k of Object.keys(name)) res.set(k, name[k]); return res; }
          if (finished) throw new Error('Cannot set headers after they are sent to the client');
          headers[String(name).toLowerCase()] = headerValue(value);
          return res;
        }),
        header: (function (name, value) { return res.set(name, value); }),
        setHeader: (function (name, value) { return res.set(name, value); }),
        append: (function (name, value) {
          const key = String(name).toLowerCase();
          headers[key] = headers[key] === undefined ? headerValue(value) : headers[key] + ', ' + headerValue(value);
          return res;
        }),
        get: (function (name) { return headers[String(name).toLowerCase()]; }),
        getHeader: (function (name) { return headers[String(name).toLowerCase()]; }),
        removeHeader: (function (name) { delete headers[String(name).toLowerCase()]; return res; }),
        type: (function (t) { return res.set('content-type', String(t).indexOf('/') >= 0 ? String(t) : t === 'json' ? 'application/json' : 'text/' + t); }),
        location: (function (url) { return res.set('location', url); }),
        json: (function (value) {
          const body = stringify(value);
          if (headers['content-type'] === undefined) headers['content-type'] = 'application/json; charset=utf-8';
          return finish(body === undefined ? '' : body);
        }),
        send: (function (value) {
          if (value === undefined || value === null) return finish('');
          if (typeof value === 'string') {
            if (headers['content-type'] === undefined) headers['content-type'] = 'text/html; charset=utf-8';
            return finish(value);
          }
          if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'object') return res.json(value);
          throw new TypeError('res.send() takes a string, an object or nothing');
        }),
        sendStatus: (function (code) {
          res.statusCode = code;
          if (headers['content-type'] === undefined) headers['content-type'] = 'text/plain; charset=utf-8';
          return finish(STATUS_TEXT[code] || String(code));
        }),
        end: (function (value) { return finish(value === undefined || value === null ? '' : String(value)); }),
      };
      const finish = (function finish(body) {
        if (finished) throw new Error('Cannot set headers after they are sent to the client');
        const status = typeof res.statusCode === 'number' ? res.statusCode : Number(res.statusCode);
        if (!Number.isInteger(status) || status < 100 || status > 599) throw new RangeError('Invalid status code: ' + describe(res.statusCode));
        finished = true;
        res.headersSent = true;
        if (body.length > budget.bytes) {
          resolve({ overflow: 'response body of ' + body.length + ' bytes is over the ' + sandbox.outputBytes + ' byte limit' });
          return res;
        }
        budget.bytes -= body.length;
        resolve({ status, headers, body, errors });
        return res;
      });
      const fail = (function fail(err) {
        errors.push(stackOf(err));
        if (finished) return;
        for (const k of Object.keys(headers)) delete headers[k];
        res.statusCode = 500;
        headers['content-type'] = 'application/json; charset=utf-8';
        finish(stringify({ error: 'Internal Server Error' }));
      });

      const layers = app.layers;
      let index = 0;
      const next = (function next(err) {
        if (finished) return;
        if (err === 'route' || err === 'router') err = undefined;
        while (index < layers.length) {
          const layer = layers[index++];
          if (layer.method !== null && layer.method !== request.method && !(layer.method === 'GET' && request.method === 'HEAD')) continue;
          const m = layer.regex.exec(request.path);
          if (!m) continue;
          if ((err !== undefined) !== layer.errorHandler) continue;
          const params = {};
          for (let i = 0; i < layer.keys.length; i++) {
            const raw = m[i + 1];
            if (raw === undefined) continue;
            try { params[layer.keys[i]] = decodeURIComponent(raw); } catch (e) { params[layer.keys[i]] = raw; }
          }
          req.params = params;
          let called = false;
          const nextOnce = (function (e) { if (called) return; called = true; next(e); });
          try {
            const out = err !== undefined ? layer.handle(err, req, res, nextOnce) : layer.handle(req, res, nextOnce);
            if (out !== null && typeof out === 'object' && typeof out.then === 'function') {
              Promise.resolve(out).then(undefined, (e) => { if (!called) { called = true; next(e === undefined ? new Error('rejected with undefined') : e); } else errors.push(stackOf(e)); });
            }
          } catch (e) {
            if (!called) { called = true; next(e === undefined ? new Error('threw undefined') : e); } else fail(e);
          }
          return;
        }
        if (err !== undefined) { fail(err); return; }
        // Headers middleware set survive on the 404 (an error's 500 starts clean).
        res.statusCode = 404;
        headers['content-type'] = 'application/json; charset=utf-8';
        finish(stringify({ error: 'Not Found' }));
      });
      try { next(); } catch (e) { fail(e); }
    }
  });

  // One step of a test. The host calls it once per step, so the previous request's handlers have
  // finished their synchronous work and microtasks first, as between two requests on a real server.
  let budget = { bytes: 0 };
  const request = (function request(message) {
    if (message.fresh) {
      hasDb = message.db === true;
      sandbox.resetConsole();
      budget = { bytes: sandbox.outputBytes };
    }
    sandbox.setNow(message.now);
    const ready = message.fresh ? instantiate() : undefined;
    let result = null;
    let wake = null;
    const go = (function () {
      if (loadError !== null || app === null) {
        result = stringify({ loadError: loadError !== null ? loadError : 'the module was not loaded' });
        if (wake) wake(result);
        return;
      }
      handle(message.req, (function (response) {
        if (result !== null) return;
        result = stringify(response);
        if (wake) wake(result);
      }), budget);
    });
    if (ready === undefined) go();
    else ready.then(go);
    if (result !== null) return result;
    return new Promise((resolve) => { wake = resolve; });
  });

  return {
    load: (function (f) { factory = f; }),
    request: (function (json) { return request(parse(json)); }),
  };
})
`;
