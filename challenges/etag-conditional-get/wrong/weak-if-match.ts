// Uses the weak comparison for If-Match: W/"handbook-v3" is accepted although a weak tag never proves
// the bytes are the same (RFC 9110 13.1.1).
import express, { type Request, type Response } from 'express';

type Ctx = { now(): number };
type Doc = { id: string; title: string; content: string; version: number; updatedAt: number };

const SEED: Doc[] = [
  { id: 'handbook', title: 'Employee handbook', content: 'Welcome aboard.', version: 3, updatedAt: Date.UTC(2024, 0, 15, 9, 30, 0) },
  { id: 'roadmap', title: 'Roadmap', content: 'Q1: ship search.', version: 1, updatedAt: Date.UTC(2024, 5, 1, 12, 0, 0) },
];

function etagOf(doc: Doc): string {
  return `"${doc.id}-v${doc.version}"`;
}

type EntityTag = { weak: boolean; opaque: string };

/** Parses `*` or a list of entity tags; malformed members are skipped (they can never match). */
function parseTagList(header: string): EntityTag[] | '*' {
  if (header.trim() === '*') return '*';
  const tags: EntityTag[] = [];
  for (const m of header.matchAll(/(W\/)?"([^"]*)"/g)) tags.push({ weak: Boolean(m[1]), opaque: m[2] });
  return tags;
}

/** If-Match uses the strong comparison: a weak tag never matches. */
function ifMatchHits(header: string, doc: Doc): boolean {
  const tags = parseTagList(header);
  return tags === '*' || tags.some((t) => `"${t.opaque}"` === etagOf(doc));
}

/** Validators and caching policy; Express compares them with If-None-Match / If-Modified-Since and answers 304 itself. */
function cacheHeaders(res: Response, doc: Doc): Response {
  return res.set({
    ETag: etagOf(doc),
    'Last-Modified': new Date(doc.updatedAt).toUTCString(),
    'Cache-Control': 'private, no-cache',
  });
}

function view(doc: Doc) {
  return { id: doc.id, title: doc.title, content: doc.content, version: doc.version };
}

function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

function validationError(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body must be a JSON object';
  const { title, content } = body as Record<string, unknown>;
  if (typeof title !== 'string' || title.length < 1 || title.length > 200) return 'title must be a string of 1 to 200 characters';
  if (typeof content !== 'string') return 'content must be a string';
  return null;
}

export default function register(app: express.Express, ctx: Ctx): void {
  const docs = new Map(SEED.map((d) => [d.id, { ...d }]));
  const router = express.Router();

  router.get('/:id', (req: Request<{ id: string }>, res) => {
    const doc = docs.get(req.params.id);
    if (!doc) return sendError(res, 404, 'not_found', `no document ${req.params.id}`);
    cacheHeaders(res, doc).json(view(doc));
  });

  router.put('/:id', (req: Request<{ id: string }>, res) => {
    const doc = docs.get(req.params.id);
    if (!doc) return sendError(res, 404, 'not_found', `no document ${req.params.id}`);
    const ifMatch = req.get('If-Match');
    if (ifMatch === undefined) return sendError(res, 428, 'precondition_required', 'send If-Match with the ETag you last read');
    if (!ifMatchHits(ifMatch, doc)) {
      res.set('ETag', etagOf(doc));
      return sendError(res, 412, 'precondition_failed', 'the document changed since you read it');
    }
    const problem = validationError(req.body);
    if (problem) return sendError(res, 400, 'validation_error', problem);
    const { title, content } = req.body as { title: string; content: string };
    Object.assign(doc, { title, content, version: doc.version + 1, updatedAt: ctx.now() });
    cacheHeaders(res, doc).json(view(doc));
  });

  app.use(express.json());
  app.use('/documents', router);
}
