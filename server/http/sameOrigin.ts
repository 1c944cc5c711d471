// Cross-site request forgery defence for the API (and the Socket.IO handshake). A state-changing request must
// come from a page of this origin and carry JSON:
// - `Origin` decides when it is present (browsers send it on every POST/PUT/PATCH/DELETE, same-origin ones
//   included); `null` or another origin is refused. Same origin means the Host the request was sent to, or
//   PUBLIC_URL's origin (a proxy that rewrites Host).
// - Without `Origin`, `Sec-Fetch-Site` decides: `same-origin` and `none` (typed by the user) pass, `same-site`
//   and `cross-site` are refused (a sibling subdomain is another party).
// - With neither header the request did not come from a current browser's page (curl, the CLI, a test client
//   with its own session or token): it passes. A browser old enough to send neither is still held back by the
//   SameSite=Lax session cookie and by the JSON rule below.
// - A body must be `application/json`: an HTML form cannot send that type, and a cross-origin `fetch` that does
//   must first pass a CORS preflight, which this server never answers. A Content-Type other than JSON is a 415
//   even on an empty body (a form posts one even with no fields).
import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import { crossOrigin, unsupportedMediaType } from '../errors';

export type OriginVerdict = 'same' | 'cross' | 'unknown';

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function sameOriginVerdict(headers: IncomingHttpHeaders, publicUrl?: string): OriginVerdict {
  const origin = one(headers.origin);
  if (origin !== undefined) {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return 'cross'; // "null" (sandboxed frames, file:, some redirects) and anything unparsable
    }
    const host = one(headers.host);
    if (host && url.host.toLowerCase() === host.toLowerCase()) return 'same';
    if (publicUrl && url.origin === new URL(publicUrl).origin) return 'same';
    return 'cross';
  }
  const site = one(headers['sec-fetch-site']);
  if (site === undefined) return 'unknown';
  return site === 'same-origin' || site === 'none' ? 'same' : 'cross';
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function sameOriginJson(publicUrl?: string): RequestHandler {
  return (req, _res, next) => {
    if (!STATE_CHANGING.has(req.method)) return next();
    // A Bearer token is attached by a program, never by a browser on its own (unlike a cookie), so a forged
    // cross-site request cannot carry one; an integration calling from its own origin is not refused.
    if (sameOriginVerdict(req.headers, publicUrl) === 'cross' && !/^Bearer\s/i.test(req.headers.authorization ?? '')) return next(crossOrigin());
    const length = Number(req.headers['content-length'] ?? 0);
    const hasBody = req.headers['transfer-encoding'] !== undefined || length > 0;
    if ((req.headers['content-type'] !== undefined || hasBody) && !req.is('application/json'))
      return next(unsupportedMediaType('send the request body as application/json'));
    next();
  };
}
