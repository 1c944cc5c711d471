// Personal API tokens: `Authorization: Bearer assay_pat_<random>` authenticates the JSON API as the token's
// owner, within the token's scopes. Only the SHA-256 of a token is stored (a token is 32 random bytes, so a
// slow password hash would buy nothing); the secret is shown once, at creation.
import { createHash, randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import { insufficientScope, invalidApiToken } from '../errors';
import { apiTokenMayCall, type ApiTokenScope } from './access';
import { toSessionUser } from './passport';

export const TOKEN_PREFIX = 'assay_pat_';
/** Characters of the token kept in clear to tell tokens apart in a list ("assay_pat_" and 6 more). */
const SHOWN_PREFIX_LENGTH = TOKEN_PREFIX.length + 6;
/** last_used_at is written at most this often per token, so a busy integration costs no write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function newApiToken(): { token: string; prefix: string; hash: string } {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { token, prefix: token.slice(0, SHOWN_PREFIX_LENGTH), hash: hashApiToken(token) };
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The token of a request that carries `Authorization: Bearer …`, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return m?.[1];
}

const invalidToken = invalidApiToken;

/**
 * Mounted on /api after the session: a request with a Bearer token is authenticated by the token alone (the
 * session cookie, if any, is ignored), and only to the routes and methods its scopes allow.
 */
export function bearerAuth(knex: Knex): RequestHandler {
  // Per process: the last time this process wrote last_used_at for a token.
  const touched = new Map<number, number>();
  return async (req, _res, next) => {
    const token = bearerToken(req.headers.authorization);
    if (token === undefined) return next();
    try {
      const row = await knex('api_tokens as t')
        .join('users as u', 'u.id', 't.user_id')
        .where('t.token_hash', hashApiToken(token))
        .whereNull('t.revoked_at')
        .whereNull('u.disabled_at')
        .where((q) => q.whereNull('t.expires_at').orWhere('t.expires_at', '>', knex.fn.now()))
        .first('t.id as token_id', 't.scopes', 'u.id', 'u.email', 'u.name', 'u.role');
      if (!row) return next(invalidToken());
      const scopes = (typeof row.scopes === 'string' ? JSON.parse(row.scopes) : row.scopes) as ApiTokenScope[];
      const refusal = apiTokenMayCall({ role: row.role, scopes }, req.method, req.path);
      if (refusal) return next(insufficientScope(refusal));
      req.user = toSessionUser(row);
      const now = Date.now();
      if ((touched.get(row.token_id) ?? 0) < now - LAST_USED_RESOLUTION_MS) {
        touched.set(row.token_id, now);
        // The guard in SQL keeps several processes to about one write a minute too.
        await knex('api_tokens')
          .where({ id: row.token_id })
          .where((q) => q.whereNull('last_used_at').orWhere('last_used_at', '<', new Date(now - LAST_USED_RESOLUTION_MS)))
          .update({ last_used_at: new Date(now) });
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}
