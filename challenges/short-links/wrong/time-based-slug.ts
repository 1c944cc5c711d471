// Makes the slug from the clock: two links created in the same millisecond get the same slug, and the
// slug is not the documented 7 characters.
import express, { type Request, type Response } from 'express';
import { randomBytes } from 'node:crypto';

type Ctx = { now(): number };
type Link = { slug: string; url: string; createdAt: number; visits: number; lastVisitAt: number | null; deleteToken: string };

const SLUG_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const CUSTOM_SLUG = /^[A-Za-z0-9_-]{3,32}$/;
const RESERVED = new Set(['links']);

function randomSlug(): string {
  // 62 does not divide 256: bytes of 248 and more are dropped so every character is equally likely.
  let slug = '';
  while (slug.length < 7) {
    for (const b of randomBytes(16)) if (b < 248 && slug.length < 7) slug += SLUG_ALPHABET[b % 62];
  }
  return slug;
}

function validUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 2048) return false;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

export default function register(app: express.Express, ctx: Ctx): void {
  const links = new Map<string, Link>();
  const deleted = new Set<string>();

  const stats = (l: Link) => ({
    slug: l.slug,
    url: l.url,
    shortUrl: `https://sho.rt/${l.slug}`,
    createdAt: new Date(l.createdAt).toISOString(),
    visits: l.visits,
    lastVisitAt: l.lastVisitAt === null ? null : new Date(l.lastVisitAt).toISOString(),
  });

  app.use(express.json());

  app.post('/links', (req, res) => {
    const { url, slug } = (req.body ?? {}) as { url?: unknown; slug?: unknown };
    if (!validUrl(url)) return fail(res, 400, 'validation_error', 'url must be an absolute http(s) URL of at most 2048 characters');
    if (slug !== undefined && (typeof slug !== 'string' || !CUSTOM_SLUG.test(slug) || RESERVED.has(slug))) {
      return fail(res, 400, 'validation_error', 'slug must be 3 to 32 of A-Z a-z 0-9 _ -');
    }
    if (typeof slug === 'string' && (links.has(slug) || deleted.has(slug))) return fail(res, 409, 'slug_taken', `${slug} is taken`);
    let chosen = slug as string | undefined;
    if (chosen === undefined) chosen = ctx.now().toString(36);
    const link: Link = { slug: chosen, url, createdAt: ctx.now(), visits: 0, lastVisitAt: null, deleteToken: randomBytes(24).toString('hex') };
    links.set(chosen, link);
    res.status(201).location(`/links/${chosen}`).json({ ...stats(link), deleteToken: link.deleteToken });
  });

  app.get('/links/:slug', (req: Request<{ slug: string }>, res) => {
    const link = links.get(req.params.slug);
    if (!link) return fail(res, deleted.has(req.params.slug) ? 410 : 404, deleted.has(req.params.slug) ? 'gone' : 'not_found', 'no such link');
    res.json(stats(link));
  });

  app.delete('/links/:slug', (req: Request<{ slug: string }>, res) => {
    const link = links.get(req.params.slug);
    if (!link) return fail(res, deleted.has(req.params.slug) ? 410 : 404, deleted.has(req.params.slug) ? 'gone' : 'not_found', 'no such link');
    if (req.get('X-Delete-Token') !== link.deleteToken) return fail(res, 403, 'forbidden', 'a valid X-Delete-Token is required');
    links.delete(link.slug);
    deleted.add(link.slug);
    res.status(204).end();
  });

  app.get('/:slug', (req: Request<{ slug: string }>, res) => {
    const link = links.get(req.params.slug);
    if (!link) return fail(res, deleted.has(req.params.slug) ? 410 : 404, deleted.has(req.params.slug) ? 'gone' : 'not_found', 'no such link');
    link.visits += 1;
    link.lastVisitAt = ctx.now();
    res.set('Cache-Control', 'no-store').redirect(302, link.url);
  });
}
