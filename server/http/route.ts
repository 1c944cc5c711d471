// Thin routes (Outline): auth -> validate(zod) -> command -> presenter. Every route is declared here with its
// zod schemas, so the same schemas validate requests and generate /api/openapi.json.
import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import { forbidden, unauthorized, zodToHttp } from '../errors';
import type { Role, SessionUser } from '../auth/roles';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  /** Roles allowed; 'public' needs no login, 'any' any logged-in user. */
  auth: readonly Role[] | 'public' | 'any';
  body?: B;
  query?: Q;
  params?: P;
  /** Success status (200 by default). */
  status?: number;
  /** Documented response content type, when not JSON. */
  produces?: string;
}

export interface RouteContext<B, Q, P> {
  req: Request;
  res: Response;
  body: B;
  query: Q;
  params: P;
  user: SessionUser | undefined;
}

export interface RegisteredRoute {
  spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType>;
  /** Path prefix the router is mounted at. */
  mount: string;
}

export class RouteRegistry {
  readonly routes: RegisteredRoute[] = [];
}

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

function parseOr<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw zodToHttp(result.error, where);
  return result.data;
}

export function authorize(user: SessionUser | undefined, auth: readonly Role[] | 'public' | 'any'): void {
  if (auth === 'public') return;
  if (!user) throw unauthorized();
  if (auth !== 'any' && !auth.includes(user.role)) throw forbidden();
}

/**
 * Register a route. The handler's return value is sent as JSON (with spec.status), unless the handler
 * already answered (files, CSV, redirects) or returned undefined for a 204.
 */
export function route<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType>(
  router: Router,
  registry: RouteRegistry,
  mount: string,
  spec: RouteSpec<B, Q, P>,
  handler: (ctx: RouteContext<Out<B>, Out<Q>, Out<P>>) => Promise<unknown> | unknown,
): void {
  registry.routes.push({ spec: spec as unknown as RouteSpec<z.ZodType, z.ZodType, z.ZodType>, mount });
  router[spec.method](spec.path, async (req: Request, res: Response) => {
    const user = req.user as SessionUser | undefined;
    authorize(user, spec.auth);
    const ctx = {
      req,
      res,
      user,
      params: parseOr(spec.params, req.params, 'path parameters'),
      query: parseOr(spec.query, req.query, 'query'),
      body: parseOr(spec.body, req.body ?? {}, 'body'),
    } as RouteContext<Out<B>, Out<Q>, Out<P>>;
    const result = await handler(ctx);
    if (res.headersSent) return;
    if (result === undefined) res.status(spec.status ?? 204).end();
    else res.status(spec.status ?? 200).json(result);
  });
}
