// The platform's Express-like app, as far as this challenge needs it.
type Req = { method: string; path: string; params: Record<string, string>; query: Record<string, string | string[]>; headers: Record<string, string | undefined>; body: unknown };
type Res = { status(code: number): Res; json(value: unknown): void; set(name: string, value: string): Res; send(text: string): void; end(): void };
type Next = (err?: unknown) => void;
type Handler = (req: Req, res: Res, next: Next) => void | Promise<void>;
type ErrorHandler = (err: unknown, req: Req, res: Res, next: Next) => void;
type App = {
  get(path: string, ...handlers: Handler[]): void;
  post(path: string, ...handlers: Handler[]): void;
  delete(path: string, ...handlers: Handler[]): void;
  use(...handlers: Array<Handler | ErrorHandler>): void;
};
type Ctx = { now(): number };

type User = { id: number; email: string; name: string; age: number | null };

const SEED_USERS: User[] = [{ id: 1, email: 'ada@example.com', name: 'Ada Lovelace', age: 36 }];

// ---- Legacy reporting code: do not change it. ----
class ReportNotFound extends Error {
  constructor(readonly report: string) {
    super(`no report named ${report}`);
    this.name = 'ReportNotFound';
  }
}

type Report = { name: string; rows: Array<[string, number]> };

async function generateReport(name: string): Promise<Report> {
  if (name === 'signups') return { name, rows: [['2024-01', 42], ['2024-02', 57]] };
  if (name === 'revenue') throw new Error('connect ECONNREFUSED 10.2.0.7:5432 (user=reporting password=hunter2)');
  if (name === 'churn') {
    const cohort = JSON.parse('null') as { rows: Array<[string, number]> };
    return { name, rows: cohort.rows };
  }
  throw new ReportNotFound(name);
}
// ---- End of legacy code. ----

type FieldError = { field: string; message: string };

/** An error that knows its HTTP status and stable code: routes throw it, one middleware renders it. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: FieldError[],
  ) {
    super(message);
  }
}

const validationError = (details: FieldError[]) => new HttpError(400, 'validation_error', 'the request is invalid', details);
const notFound = (message: string) => new HttpError(404, 'not_found', message);
const conflict = (message: string) => new HttpError(409, 'conflict', message);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function validateUser(body: unknown): { email: string; name: string; age: number | null } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw validationError([{ field: 'body', message: 'must be a JSON object' }]);
  }
  const { email, name, age } = body as Record<string, unknown>;
  const details: FieldError[] = [];
  if (typeof email !== 'string' || !EMAIL.test(email)) details.push({ field: 'email', message: 'must be an email address' });
  if (typeof name !== 'string' || name.trim() === '' || name.length > 100)
    details.push({ field: 'name', message: 'must be a string of 1 to 100 characters' });
  if (age !== undefined && age !== null && !(typeof age === 'number' && Number.isInteger(age) && age >= 0 && age <= 150))
    details.push({ field: 'age', message: 'must be an integer from 0 to 150' });
  if (details.length > 0) throw validationError(details);
  return { email: email as string, name: name as string, age: (age as number | null | undefined) ?? null };
}

function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  // express.json() rejects a body that is not JSON, or not an object or array (strict mode), with a 400 of this type.
  if ((err as { type?: string } | null)?.type === 'entity.parse.failed') return validationError([{ field: 'body', message: 'must be a JSON object' }]);
  if (err instanceof ReportNotFound) return notFound(err.message);
  // express.json() refuses a body that is not JSON, or (strict) not an object or array, before any route runs.
  if ((err as { type?: unknown }).type === 'entity.parse.failed') {
    return validationError([{ field: 'body', message: 'must be a JSON object' }]);
  }
  return new HttpError(500, 'internal_error', 'Internal server error');
}

export default function register(app: App, _ctx: Ctx): void {
  const users = new Map(SEED_USERS.map((u) => [u.id, { ...u }]));
  let nextId = SEED_USERS.length + 1;

  function findUser(id: string): User {
    const user = /^\d+$/.test(id) ? users.get(Number(id)) : undefined;
    if (!user) throw notFound(`no user ${id}`);
    return user;
  }

  app.post('/users', (req, res) => {
    const input = validateUser(req.body);
    const taken = [...users.values()].some((u) => u.email.toLowerCase() === input.email.toLowerCase());
    if (taken) throw conflict(`${input.email} is already registered`);
    const user = { id: nextId++, ...input };
    users.set(user.id, user);
    res.status(201).json(user);
  });

  app.get('/users/:id', (req, res) => {
    res.status(200).json(findUser(req.params.id));
  });

  app.delete('/users/:id', (req, res) => {
    users.delete(findUser(req.params.id).id);
    res.status(204).end();
  });

  app.get('/reports/:name', async (req, res) => {
    res.status(200).json(await generateReport(req.params.name));
  });

  // Anything no route answered, whatever the method.
  const unknownRoute: Handler = (req, _res, next) => next(notFound(`no route for ${req.method} ${req.path}`));
  app.use(unknownRoute);

  const renderError: ErrorHandler = (err, _req, res, _next) => {
    const e = toHttpError(err);
    const body: { code: string; message: string; details?: FieldError[] } = { code: e.code, message: e.message };
    if (e.details) body.details = e.details;
    res.status(e.status).json({ error: body });
  };
  app.use(renderError);
}
