// The platform's Express-like app, as far as this challenge needs it.
type Req = { method: string; path: string; params: Record<string, string>; query: Record<string, string | string[]>; headers: Record<string, string | undefined>; body: unknown };
type Res = { status(code: number): Res; json(value: unknown): void; set(name: string, value: string): Res; send(text: string): void; end(): void };
type Handler = (req: Req, res: Res) => void | Promise<void>;
type App = { get(path: string, handler: Handler): void; post(path: string, handler: Handler): void };
type Ctx = { now(): number };

export default function register(app: App, ctx: Ctx): void {
  app.post('/payments', (req, res) => {
    // TODO: require an Idempotency-Key, replay retries, reject reused keys, expire keys after 24 hours.
    res.status(501).json({ error: { code: 'not_implemented', message: 'POST /payments is not implemented yet' } });
  });

  app.get('/payments', (req, res) => {
    res.status(200).json({ items: [] });
  });

  app.get('/payments/:id', (req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: `no payment ${req.params.id}` } });
  });
}
