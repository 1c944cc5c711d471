// Personal API tokens for recruiters and admins. Session only (auth/access.ts keeps tokens off these routes).
import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { API_TOKEN_ROLES, API_TOKEN_SCOPES } from '../auth/access';
import { apiTokenCreator, apiTokenRevoker } from '../commands/apiTokens';
import { route, type RouteRegistry } from '../http/route';
import { presentApiToken } from '../presenters/apiToken';
import { apiTokensOf } from '../queries/apiTokens';
import { validationError } from '../errors';

const createBody = z
  .object({
    name: z.string().trim().min(1).max(100).describe('what the token is for, e.g. "Greenhouse sync"'),
    scopes: z.array(z.enum(API_TOKEN_SCOPES)).min(1).describe('read: assessments, invitations, results, CSV; write: create assessments and invitations'),
    expiresAt: z.string().datetime({ offset: true }).nullable().optional().describe('when the token stops working; none: until revoked'),
  })
  .strict();
const idParams = z.object({ id: z.coerce.number().int().positive() }).strict();

export function apiTokenRoutes(registry: RouteRegistry, deps: { db: { knex: Knex } }) {
  const { knex } = deps.db;
  const router = Router();
  const auth = API_TOKEN_ROLES;

  route(router, registry, '/api', { method: 'post', path: '/tokens', tag: 'tokens', summary: 'Create a personal API token (the secret is in this answer only)', auth, body: createBody, status: 201 }, async ({ user, body }) => {
    const expiresAt = body.expiresAt ? new Date(body.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) throw validationError('invalid body: expiresAt: must be in the future');
    const { row, token } = await apiTokenCreator(knex, user!.id, { name: body.name, scopes: body.scopes, expiresAt });
    return { ...presentApiToken(row), token };
  });

  route(router, registry, '/api', { method: 'get', path: '/tokens', tag: 'tokens', summary: 'My API tokens (never their secrets)', auth }, async ({ user }) => ({
    tokens: (await apiTokensOf(knex, user!.id)).map(presentApiToken),
  }));

  route(router, registry, '/api', { method: 'delete', path: '/tokens/:id', tag: 'tokens', summary: 'Revoke an API token for good', auth, params: idParams }, async ({ user, params }) => {
    await apiTokenRevoker(knex, user!.id, params.id);
    return undefined;
  });

  return router;
}
