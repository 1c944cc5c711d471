import assert from 'node:assert/strict';
import { z } from 'zod';
import { buildOpenApi, openApiPath, pathParameterNames } from '../../server/http/openapi';
import { RouteRegistry } from '../../server/http/route';
import type { Platform } from '../../server/platform';
import { Client } from '../helpers/client';
import { startAssessmentPlatform } from '../helpers/assessments';

describe('OpenAPI', () => {
  describe('paths', () => {
    it('turns Express parameters into OpenAPI templates', () => {
      assert.equal(openApiPath('/api/assessments/:id/compare'), '/api/assessments/{id}/compare');
      assert.equal(openApiPath('/api/challenges/:slug/versions/:version'), '/api/challenges/{slug}/versions/{version}');
      assert.equal(openApiPath('/files/*rest'), '/files/{rest}');
      assert.deepEqual(pathParameterNames('/a/:slug/b/:id'), ['slug', 'id']);
    });

    it('documents query, path and body from the route schemas', () => {
      const registry = new RouteRegistry();
      registry.routes.push({
        mount: '/api',
        spec: {
          method: 'post',
          path: '/things/:id',
          summary: 'Make a thing',
          tag: 'things',
          auth: ['admin'],
          params: z.object({ id: z.coerce.number().int().positive() }),
          query: z.object({ dryRun: z.coerce.boolean().optional().describe('only check') }),
          body: z.object({ name: z.string().min(2), size: z.number().default(1) }).strict(),
          status: 201,
        },
      });
      const doc = buildOpenApi(registry, { title: 't', version: '1' });
      const op = (doc.paths['/api/things/{id}'] as any).post;
      assert.deepEqual(op.parameters[0], { name: 'id', in: 'path', required: true, schema: { type: 'integer', exclusiveMinimum: 0, maximum: Number.MAX_SAFE_INTEGER } });
      assert.deepEqual(op.parameters[1], { name: 'dryRun', in: 'query', required: false, schema: { type: 'boolean', description: 'only check' }, description: 'only check' });
      // io 'input': a field with a default is optional for the client.
      assert.deepEqual(op.requestBody.content['application/json'].schema.required, ['name']);
      assert.equal(op.requestBody.content['application/json'].schema.additionalProperties, false);
      assert.deepEqual(Object.keys(op.responses).sort(), ['201', '400', '401', '403', '404', 'default']);
      assert.deepEqual(op['x-roles'], ['admin']);
    });
  });

  describe('GET /api/openapi.json', function () {
    this.timeout(120_000);
    let platform: Platform;
    let doc: any;
    before(async () => {
      platform = await startAssessmentPlatform();
      const res = await new Client(platform.url).get('/api/openapi.json');
      assert.equal(res.status, 200, res.text);
      doc = res.body;
    });
    after(() => platform.close());

    it('is public, OpenAPI 3.1, with the cookie session and the error shape', () => {
      assert.equal(doc.openapi, '3.1.0');
      assert.equal(doc.info.title, 'assay API');
      assert.deepEqual(doc.components.securitySchemes.cookieSession, {
        type: 'apiKey',
        in: 'cookie',
        name: 'assay.sid',
        description: doc.components.securitySchemes.cookieSession.description,
      });
      assert.deepEqual(doc.security, [{ cookieSession: [] }]);
      assert.deepEqual(doc.components.schemas.Error.properties.error.required, ['code', 'message']);
      assert.deepEqual(doc.paths['/api/openapi.json'].get.security, []);
      assert.equal(doc.paths['/api/auth/login'].post.security.length, 0);
    });

    it('lists every registered route, each operation well formed and uniquely named', () => {
      const routes = platform.app.registry.routes;
      assert.ok(routes.length >= 10);
      const ids = new Set<string>();
      for (const r of routes) {
        const path = (r.mount + r.spec.path).replace(/:([A-Za-z_]\w*)/g, '{$1}');
        const op = doc.paths[path]?.[r.spec.method];
        assert.ok(op, `${r.spec.method.toUpperCase()} ${path} is documented`);
        assert.equal(op.summary, r.spec.summary);
        assert.deepEqual(op.tags, [r.spec.tag]);
        assert.ok(op.responses[String(r.spec.status ?? 200)], `${path} documents its success status`);
        assert.ok(!ids.has(op.operationId), `operationId ${op.operationId} is unique`);
        ids.add(op.operationId);
        for (const name of path.match(/\{(\w+)\}/g) ?? []) {
          assert.ok(op.parameters.some((p: any) => p.in === 'path' && `{${p.name}}` === name), `${path} documents ${name}`);
        }
        const refs = JSON.stringify(op.responses).match(/#\/components\/responses\/\w+/g) ?? [];
        for (const ref of refs) assert.ok(doc.components.responses[ref.split('/').pop()!], `${ref} exists`);
      }
      const operations = Object.values(doc.paths).reduce((n: number, p: any) => n + Object.keys(p).length, 0);
      assert.equal(operations, routes.length);
    });

    it('carries the zod body schemas (POST /api/users, PUT review)', () => {
      const users = doc.paths['/api/users'].post.requestBody.content['application/json'].schema;
      assert.deepEqual(users.required.sort(), ['email', 'name', 'password', 'role']);
      assert.deepEqual(users.properties.role.enum, ['recruiter', 'author', 'admin']);
      assert.equal(users.properties.password.minLength, 10);
      assert.equal(users.additionalProperties, false);
      const review = doc.paths['/api/invitations/{id}/review'].put.requestBody.content['application/json'].schema;
      assert.deepEqual(review.properties.decision.anyOf[0].enum, ['advance', 'hold', 'reject']);
      assert.equal(review.properties.rating.anyOf[0].minimum, 1);
      assert.equal(review.properties.rating.anyOf[0].maximum, 5);
      const csv = doc.paths['/api/assessments/{id}/results.csv'].get.responses['200'];
      assert.ok(csv.content['text/csv']);
    });
  });
});
