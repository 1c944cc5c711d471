// Known wrong: off by one, lets 6 requests through per window.
const LIMIT = 5;
const WINDOW_MS = 10_000;

interface Window {
  start: number;
  count: number;
}

export default function register(app: any, ctx: { now(): number }) {
  const windows = new Map<string, Window>();

  app.use((req: any, res: any, next: () => void) => {
    const key: string = req.headers['x-client-id'] ?? 'anonymous';
    const now = ctx.now();
    let w = windows.get(key);
    if (!w || now >= w.start + WINDOW_MS) {
      w = { start: now, count: 0 };
      windows.set(key, w);
    }
    res.set('X-RateLimit-Limit', String(LIMIT));
    if (w.count > LIMIT) {
      res.set('X-RateLimit-Remaining', '0');
      res.set('Retry-After', String(Math.ceil((w.start + WINDOW_MS - now) / 1000)));
      return res.status(429).json({ error: 'rate_limited' });
    }
    w.count++;
    res.set('X-RateLimit-Remaining', String(Math.max(0, LIMIT - w.count)));
    next();
  });

  app.get('/ping', (req: any, res: any) => res.json({ ok: true }));
  app.get('/whoami', (req: any, res: any) => res.json({ client: req.headers['x-client-id'] ?? 'anonymous' }));
}
