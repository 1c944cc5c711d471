import express, { type Request, type Response } from 'express';

type Ctx = { now(): number };
type Doc = { id: string; title: string; content: string; version: number; updatedAt: number };

const SEED: Doc[] = [
  { id: 'handbook', title: 'Employee handbook', content: 'Welcome aboard.', version: 3, updatedAt: Date.UTC(2024, 0, 15, 9, 30, 0) },
  { id: 'roadmap', title: 'Roadmap', content: 'Q1: ship search.', version: 1, updatedAt: Date.UTC(2024, 5, 1, 12, 0, 0) },
];

export default function register(app: express.Express, ctx: Ctx): void {
  const docs = new Map(SEED.map((d) => [d.id, { ...d }]));
  app.use(express.json());

  app.get('/documents/:id', (req: Request<{ id: string }>, res: Response) => {
    const doc = docs.get(req.params.id);
    if (!doc) {
      res.status(404).json({ error: { code: 'not_found', message: `no document ${req.params.id}` } });
      return;
    }
    // TODO: ETag, Last-Modified, Cache-Control.
    res.json({ id: doc.id, title: doc.title, content: doc.content, version: doc.version });
  });

  app.put('/documents/:id', (req: Request<{ id: string }>, res: Response) => {
    // TODO: If-Match (428 / 412), validation, update version and updatedAt.
    res.status(501).json({ error: { code: 'not_implemented', message: 'PUT is not implemented yet' } });
  });
}
