import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { userCreator } from '../commands/userCreator';
import { route, type RouteRegistry } from '../http/route';
import { presentUser } from '../presenters/user';
import { ROLES } from '../auth/roles';

export const createUserBody = z
  .object({
    email: z.string().trim().email().max(320),
    name: z.string().trim().min(1).max(200),
    // Candidates arrive through invite links, never through this route.
    role: z.enum(['recruiter', 'author', 'admin']),
    password: z.string().min(10, 'at least 10 characters').max(200),
  })
  .strict();

const listUsersQuery = z.object({ role: z.enum(ROLES).optional() }).strict();

export function userRoutes(registry: RouteRegistry, knex: Knex) {
  const router = Router();
  route(router, registry, '/api', { method: 'post', path: '/users', tag: 'users', summary: 'Create a recruiter, author or admin account', auth: ['admin'], body: createUserBody, status: 201 }, async ({ body }) => ({
    user: presentUser(await userCreator(knex, body)),
  }));
  route(router, registry, '/api', { method: 'get', path: '/users', tag: 'users', summary: 'List accounts', auth: ['admin'], query: listUsersQuery }, async ({ query }) => {
    const q = knex('users').select('id', 'email', 'name', 'role', 'created_at').orderBy('id');
    if (query.role) q.where({ role: query.role });
    return { users: (await q).map(presentUser) };
  });
  return router;
}
