// Errors: Express's default 404 and error pages, err.status/statusCode/expose, async handlers, error middleware.
import { appModule, get, probe, send, type Probe } from '../probe';

export const errors: Probe[] = [
  probe('default 404 page', appModule(``), [get('/nowhere'), send('POST', '/x/y?z=1'), get('/<script>'), { method: 'HEAD', url: '/nothing' }]),
  probe('default error page for a thrown error', appModule(`app.get('/t', () => { throw new Error('secret detail'); });`), [get('/t'), { method: 'HEAD', url: '/t' }]),
  probe('error with status and expose', appModule(`app.get('/s/:n', (req, res, next) => { const e = new Error('told you'); e.status = Number(req.params.n); next(e); });`), [get('/s/400'), get('/s/403'), get('/s/503'), get('/s/99'), get('/s/700')]),
  probe('error with statusCode and headers', appModule(`app.get('/h', (req, res, next) => { const e = new Error('x'); e.statusCode = 429; e.headers = { 'Retry-After': '30' }; next(e); });`), [get('/h')]),
  probe('rejected promise from an async handler', appModule(`app.get('/a', async () => { await null; throw new TypeError('async'); });`), [get('/a')]),
  probe('rejection without a reason', appModule(`app.get('/u', () => Promise.reject());`), [get('/u')]),
  probe('thrown non-error values', appModule(`app.get('/s', () => { throw 'a string'; }); app.get('/o', (req, res, next) => next({ status: 409, message: 'obj' }));`), [get('/s'), get('/o')]),
  probe('error middleware', appModule(`app.get('/e', (req, res, next) => next(new Error('handled')));
    app.use((err, req, res, next) => res.status(418).json({ message: err.message }));`), [get('/e'), get('/missing')]),
  probe('error middleware passes on', appModule(`app.get('/e', () => { throw new Error('first'); });
    app.use((err, req, res, next) => { err.status = 422; next(err); });
    app.use((err, req, res, next) => res.status(err.status).send('final: ' + err.message));`), [get('/e')]),
  probe('error middleware that throws', appModule(`app.get('/e', () => { throw new Error('one'); }); app.use((err, req, res, next) => { throw new Error('two'); });`), [get('/e')]),
  probe('error handlers skipped without an error, normal handlers skipped with one', appModule(`app.use((err, req, res, next) => res.send('never'));
    app.get('/ok', (req, res, next) => next()); app.use((req, res, next) => res.send('normal'));`), [get('/ok')]),
  probe('custom 404 handler at the end', appModule(`app.get('/x', (req, res) => res.send('x')); app.use((req, res) => res.status(404).json({ error: 'not_found', path: req.path }));`), [get('/y'), get('/x')]),
  probe('error after the response was sent', appModule(`app.get('/late', (req, res, next) => { res.send('sent'); next(new Error('late')); });`), [get('/late')]),
  probe('http-errors style errors from body-parser reach the default handler', appModule(`app.use(express.json()); app.post('/j', (req, res) => res.json(req.body));`), [send('POST', '/j', '{x', { 'content-type': 'application/json' })]),
  probe('next with a falsy value', appModule(`app.get('/f', (req, res, next) => next(0), (req, res) => res.send('continued'));`), [get('/f')]),
];
