// GET /api/openapi.json: built from the registry when asked, so it lists every route mounted by then.
import { Router } from 'express';
import { buildOpenApi } from '../http/openapi';
import { route, type RouteRegistry } from '../http/route';

export function openApiRoutes(registry: RouteRegistry, info = { title: 'assay API', version: '0.1.0' }) {
  const router = Router();
  let cached: { count: number; doc: ReturnType<typeof buildOpenApi> } | undefined;
  route(router, registry, '/api', { method: 'get', path: '/openapi.json', tag: 'meta', summary: 'This API as an OpenAPI 3.1 document', auth: 'public' }, () => {
    if (cached?.count !== registry.routes.length) cached = { count: registry.routes.length, doc: buildOpenApi(registry, { ...info, description: 'Generated from the zod schemas that validate each route.' }) };
    return cached.doc;
  });
  return router;
}
