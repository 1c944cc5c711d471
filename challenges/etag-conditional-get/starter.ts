// The platform's Express-like app, as far as this challenge needs it.
type Req = { method: string; path: string; params: Record<string, string>; query: Record<string, string | string[]>; headers: Record<string, string | undefined>; body: unknown };
type Res = { status(code: number): Res; json(value: unknown): void; set(name: string, value: string): Res; send(text: string): void; end(): void };
type Handler = (req: Req, res: Res) => void | Promise<void>;
type App = { get(path: string, handler: Handler): void; put(path: string, handler: Handler): void };
type Ctx = { now(): number };

type Doc = { id: string; title: string; content: string; version: number; updatedAt: number };

const SEED: Doc[] = [
  { id: 'handbook', title: 'Employee handbook', content: 'Welcome aboard.', version: 3, updatedAt: Date.UTC(2024, 0, 15, 9, 30, 0) },
  { id: 'roadmap', title: 'Roadmap', content: 'Q1: ship search.', version: 1, updatedAt: Date.UTC(2024, 5, 1, 12, 0, 0) },
];

export default function register(app: App, ctx: Ctx): void {
  const docs = new Map(SEED.map((d) => [d.id, { ...d }]));

  app.get('/documents/:id', (req, res) => {
    const doc = docs.get(req.params.id);
    if (!doc) {
      res.status(404).json({ error: { code: 'not_found', message: `no document ${req.params.id}` } });
      return;
    }
    // TODO: ETag, Last-Modified, If-None-Match -> 304.
    res.status(200).json({ id: doc.id, title: doc.title, content: doc.content, version: doc.version });
  });

  app.put('/documents/:id', (req, res) => {
    // TODO: If-Match (428 / 412), validation, update version and updatedAt.
    res.status(501).json({ error: { code: 'not_implemented', message: 'PUT is not implemented yet' } });
  });
}
