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

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// TODO: every error response must be {error: {code, message}} (see README), rendered by one
// error-handling middleware. Today each route does its own thing.
export default function register(app: App, ctx: Ctx): void {
  const users = new Map(SEED_USERS.map((u) => [u.id, { ...u }]));
  let nextId = SEED_USERS.length + 1;

  app.post('/users', (req, res) => {
    const body = req.body as { email?: unknown; name?: unknown; age?: unknown };
    if (typeof body.email !== 'string' || !EMAIL.test(body.email)) return res.status(400).send('bad email');
    if (typeof body.name !== 'string' || body.name.trim() === '') return res.status(400).json({ message: 'name is required' });
    for (const u of users.values()) {
      if (u.email === body.email) return res.status(500).json({ error: 'duplicate key value violates unique constraint' });
    }
    const user = { id: nextId++, email: body.email, name: body.name, age: (body.age as number | undefined) ?? null };
    users.set(user.id, user);
    res.status(201).json(user);
  });

  app.get('/users/:id', (req, res) => {
    const user = users.get(Number(req.params.id));
    if (!user) return res.status(404).json({ message: 'not found' });
    res.status(200).json(user);
  });

  app.delete('/users/:id', (req, res) => {
    if (!users.delete(Number(req.params.id))) return res.status(404).send('Not Found');
    res.status(204).end();
  });

  app.get('/reports/:name', async (req, res) => {
    try {
      res.status(200).json(await generateReport(req.params.name));
    } catch (err) {
      res.status(500).json({ error: String(err), stack: (err as Error).stack });
    }
  });
}
