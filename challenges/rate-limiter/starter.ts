// Fixed-window rate limiter: see the statement.
export default function register(app: any, ctx: { now(): number }) {
  app.use((req: any, res: any, next: () => void) => {
    // TODO: count requests per client (x-client-id) in 10-second windows; answer 429 when over 5.
    next();
  });

  app.get('/ping', (req: any, res: any) => res.json({ ok: true }));
  app.get('/whoami', (req: any, res: any) => res.json({ client: req.headers['x-client-id'] ?? 'anonymous' }));
}
