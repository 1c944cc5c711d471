// The platform's Express-like app, as far as this challenge needs it.
type Req = { method: string; path: string; params: Record<string, string>; query: Record<string, string | string[]>; headers: Record<string, string | undefined>; body: unknown };
type Res = { status(code: number): Res; json(value: unknown): void; set(name: string, value: string): Res; send(text: string): void; end(): void };
type Handler = (req: Req, res: Res) => void | Promise<void>;
type App = { get(path: string, handler: Handler): void; post(path: string, handler: Handler): void };
type Ctx = { now(): number };

type Payment = { id: string; amount: number; currency: string; description: string | null; status: 'succeeded'; createdAt: number };
type StoredResponse = { status: number; location: string; body: Payment };
type KeyRecord = { firstUse: number; requestBody: unknown; response: StoredResponse };

const KEY_TTL_MS = 24 * 60 * 60 * 1000;
const CURRENCIES = ['EUR', 'USD', 'GBP'];

/** Equality of JSON values where object key order does not matter (a retry may serialise differently). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && sameJson(ra[k], rb[k]));
}

function validationError(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body must be a JSON object';
  const b = body as Record<string, unknown>;
  if (typeof b.amount !== 'number' || !Number.isInteger(b.amount) || b.amount <= 0) return 'amount must be a positive integer';
  if (typeof b.currency !== 'string' || !CURRENCIES.includes(b.currency)) return `currency must be one of ${CURRENCIES.join(', ')}`;
  if (b.description !== undefined && (typeof b.description !== 'string' || b.description.length > 200))
    return 'description must be a string of at most 200 characters';
  return null;
}

function sendError(res: Res, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

export default function register(app: App, ctx: Ctx): void {
  const payments: Payment[] = [];
  const keys = new Map<string, KeyRecord>();

  app.post('/payments', (req, res) => {
    const key = req.headers['idempotency-key'];
    if (!key || key.length > 255) return sendError(res, 400, 'invalid_idempotency_key', 'Idempotency-Key must be 1 to 255 characters');

    const now = ctx.now();
    const known = keys.get(key);
    if (known && now - known.firstUse < KEY_TTL_MS) {
      if (JSON.stringify(known.requestBody) !== JSON.stringify(req.body))
        return sendError(res, 422, 'idempotency_key_reused', 'this Idempotency-Key was used with a different request body');
      const { status, location, body } = known.response;
      res.status(status).set('Location', location).set('Idempotent-Replayed', 'true').json(body);
      return;
    }

    const problem = validationError(req.body);
    if (problem) return sendError(res, 400, 'validation_error', problem);
    const input = req.body as { amount: number; currency: string; description?: string };
    const payment: Payment = {
      id: `pay_${payments.length + 1}`,
      amount: input.amount,
      currency: input.currency,
      description: input.description ?? null,
      status: 'succeeded',
      createdAt: now,
    };
    payments.push(payment);
    const response: StoredResponse = { status: 201, location: `/payments/${payment.id}`, body: payment };
    // An expired record is simply overwritten: the key starts a new window bound to this request.
    keys.set(key, { firstUse: now, requestBody: structuredCloneJson(req.body), response });
    res.status(201).set('Location', response.location).json(payment);
  });

  app.get('/payments', (_req, res) => {
    res.status(200).json({ items: payments });
  });

  app.get('/payments/:id', (req, res) => {
    const payment = payments.find((p) => p.id === req.params.id);
    if (!payment) return sendError(res, 404, 'not_found', `no payment ${req.params.id}`);
    res.status(200).json(payment);
  });
}

/** The stored request must not change if the caller's object is mutated later. */
function structuredCloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
