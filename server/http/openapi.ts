// OpenAPI 3.1 from the route registry: the zod schemas that validate each route's path, query and body are
// the documentation (z.toJSONSchema with io 'input': what a client sends, before coercion and defaults), so
// the two cannot drift apart. OpenAPI 3.1 schemas are JSON Schema 2020-12, zod's default target.
import { z } from 'zod';
import type { RegisteredRoute, RouteRegistry } from './route';
import { apiTokenMayCall } from '../auth/access';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[]; description?: string; type?: unknown };

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
}

export const SESSION_COOKIE = 'assay.sid';

export function toSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** Express 5 path syntax to OpenAPI's: `/a/:id/b` -> `/a/{id}/b`, `*rest` -> `{rest}`; optional groups dropped. */
export function openApiPath(expressPath: string): string {
  return expressPath
    .replace(/\{[^}]*\}/g, '')
    .replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}')
    .replace(/\*([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

export function pathParameterNames(expressPath: string): string[] {
  return [...expressPath.replace(/\{[^}]*\}/g, '').matchAll(/[:*]([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
}

function operationId(method: string, path: string, taken: Set<string>): string {
  const words = path
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1));
  const base = method + words.join('');
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}${n}`;
  taken.add(id);
  return id;
}

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No content' };

const ERROR_RESPONSES: Record<string, { code: string; description: string }> = {
  '400': { code: 'validation_error', description: 'Invalid path parameters, query or body' },
  '401': { code: 'unauthorized', description: 'Not logged in' },
  '403': { code: 'forbidden', description: 'Logged in with a role that may not do this' },
  '404': { code: 'not_found', description: 'Not found, or not yours' },
};

function operation(r: RegisteredRoute, taken: Set<string>) {
  const { spec } = r;
  const path = r.mount + spec.path;
  const parameters: unknown[] = [];

  const paramsSchema = spec.params ? toSchema(spec.params) : undefined;
  for (const name of pathParameterNames(spec.path)) {
    const schema = paramsSchema?.properties?.[name] ?? { type: 'string' };
    parameters.push({ name, in: 'path', required: true, schema, ...(schema.description ? { description: schema.description } : {}) });
  }
  if (spec.query) {
    const schema = toSchema(spec.query);
    for (const [name, prop] of Object.entries(schema.properties ?? {})) {
      parameters.push({
        name,
        in: 'query',
        required: (schema.required ?? []).includes(name),
        schema: prop,
        ...(prop.type === 'object' ? { style: 'deepObject', explode: true } : {}),
        ...(prop.description ? { description: prop.description } : {}),
      });
    }
  }

  const status = spec.status ?? 200;
  const success =
    status === 204
      ? { description: STATUS_TEXT[204] }
      : {
          description: STATUS_TEXT[status] ?? 'Success',
          content: spec.produces ? { [spec.produces]: { schema: { type: 'string' } } } : { 'application/json': { schema: { type: 'object' } } },
        };
  const responses: Record<string, unknown> = { [String(status)]: success };
  const errors = new Set<string>();
  if (spec.params || spec.query || spec.body) errors.add('400');
  if (spec.auth !== 'public') errors.add('401');
  if (Array.isArray(spec.auth)) errors.add('403');
  if (pathParameterNames(spec.path).length) errors.add('404');
  for (const code of errors) responses[code] = { $ref: `#/components/responses/Error${code}` };
  responses.default = { $ref: '#/components/responses/Error' };

  let requestBody: unknown;
  if (spec.body) {
    const schema = toSchema(spec.body);
    requestBody = { required: (schema.required ?? []).length > 0, content: { 'application/json': { schema } } };
  }

  return {
    operationId: operationId(spec.method, path, taken),
    summary: spec.summary,
    tags: [spec.tag],
    ...(spec.auth === 'public' ? { security: [] } : { security: securityOf(spec.method, r.mount, spec.path) }),
    // Which roles may call it: the session's user must have one of them.
    'x-roles': spec.auth,
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

/** The session always; a Bearer API token too where auth/access.ts lets tokens in, with the scope it needs. */
function securityOf(method: string, mount: string, path: string): Array<Record<string, string[]>> {
  const relative = (mount === '/api' ? '' : mount.replace(/^\/api/, '')) + openApiPath(path).replace(/\{[^}]+\}/g, '1');
  const scope = ['get', 'head'].includes(method) ? 'read' : 'write';
  const allowed = apiTokenMayCall({ role: 'admin', scopes: ['read', 'write'] }, method.toUpperCase(), relative) === null;
  return allowed ? [{ cookieSession: [] }, { bearerToken: [scope] }] : [{ cookieSession: [] }];
}

export function buildOpenApi(registry: RouteRegistry, info: OpenApiInfo) {
  const paths: Record<string, Record<string, unknown>> = {};
  const taken = new Set<string>();
  const tags = new Set<string>();
  for (const r of registry.routes) {
    const path = openApiPath(r.mount + r.spec.path);
    paths[path] ??= {};
    paths[path][r.spec.method] = operation(r, taken);
    tags.add(r.spec.tag);
  }
  const errorSchema = {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string', description: 'Stable machine-readable code: validation_error, unauthorized, forbidden, not_found, conflict, ...' },
          message: { type: 'string' },
          details: { description: 'For validation_error: [{path, message}]' },
        },
      },
    },
  };
  const errorResponse = (description: string, code?: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' }, ...(code ? { example: { error: { code, message: description } } } : {}) } },
  });
  return {
    openapi: '3.1.0',
    info,
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: '/' }],
    security: [{ cookieSession: [] }],
    tags: [...tags].sort().map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        cookieSession: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: 'The session cookie set by POST /api/auth/login (or by accepting an invitation).',
        },
        bearerToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'assay_pat_<random>',
          description:
            'A personal API token (POST /api/tokens, recruiters and admins). Scopes: read (GET: assessments, invitations, results, CSV, webhooks) and write (everything else a token may reach). An unknown, revoked or expired token is a 401 invalid_token; a route or method outside its scopes a 403 insufficient_scope. Bearer requests are exempt from the same-origin check.',
        },
      },
      schemas: { Error: errorSchema },
      responses: {
        Error: errorResponse('Error'),
        ...Object.fromEntries(Object.entries(ERROR_RESPONSES).map(([status, e]) => [`Error${status}`, errorResponse(e.description, e.code)])),
      },
    },
  };
}
