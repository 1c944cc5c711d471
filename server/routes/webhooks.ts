// Outbound webhooks (issue 18): per assessment or per account, signed (webhooks/signature.ts), delivered from
// an outbox with retries (webhooks/dispatcher.ts). Recruiters and admins, by session or by API token.
import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { webhookCreator, webhookDeleter, webhookTester, webhookUpdater, manageableWebhook } from '../commands/webhooks';
import { route, type RouteRegistry } from '../http/route';
import { presentDelivery, presentWebhook, presentWebhookWithSecret } from '../presenters/webhook';
import { deliveriesOf, webhooksOf } from '../queries/webhooks';
import { WEBHOOK_EVENTS } from '../webhooks/events';

const STAFF = ['recruiter', 'admin'] as const;
const createBody = z
  .object({
    url: z.string().url().max(2000).describe('http(s) URL that receives signed POSTs'),
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
    assessmentId: z.number().int().positive().nullable().optional().describe('only this assessment; none: every assessment of yours'),
  })
  .strict();
const updateBody = z.object({ enabled: z.boolean() }).strict();
const idParams = z.object({ id: z.coerce.number().int().positive() }).strict();

export function webhookRoutes(registry: RouteRegistry, deps: { db: { knex: Knex } }) {
  const { knex } = deps.db;
  const router = Router();
  const tag = 'webhooks';

  route(router, registry, '/api', { method: 'post', path: '/webhooks', tag, summary: 'Create a webhook (its signing secret is in this answer only)', auth: STAFF, body: createBody, status: 201 }, async ({ user, body }) =>
    presentWebhookWithSecret(await webhookCreator(knex, user!, body)),
  );

  route(router, registry, '/api', { method: 'get', path: '/webhooks', tag, summary: 'My webhooks', auth: STAFF }, async ({ user }) => ({
    events: WEBHOOK_EVENTS,
    webhooks: (await webhooksOf(knex, user!.id)).map(presentWebhook),
  }));

  route(router, registry, '/api', { method: 'patch', path: '/webhooks/:id', tag, summary: 'Enable or disable a webhook', auth: STAFF, params: idParams, body: updateBody }, async ({ user, params, body }) =>
    presentWebhook(await webhookUpdater(knex, user!, params.id, body)),
  );

  route(router, registry, '/api', { method: 'delete', path: '/webhooks/:id', tag, summary: 'Delete a webhook and its delivery log', auth: STAFF, params: idParams }, async ({ user, params }) => {
    await webhookDeleter(knex, user!, params.id);
    return undefined;
  });

  route(router, registry, '/api', { method: 'post', path: '/webhooks/:id/test', tag, summary: 'Send a test event (webhook.test) through the outbox', auth: STAFF, params: idParams, status: 202 }, async ({ user, params }) =>
    webhookTester(knex, user!, params.id),
  );

  route(router, registry, '/api', { method: 'get', path: '/webhooks/:id/deliveries', tag, summary: "A webhook's delivery log: latest 50 deliveries with every attempt (status code, error, duration)", auth: STAFF, params: idParams }, async ({ user, params }) => {
    await manageableWebhook(knex, user!, params.id);
    return { deliveries: (await deliveriesOf(knex, params.id)).map(presentDelivery) };
  });

  return router;
}
