// Webhooks: create (the signing secret returned once), switch on/off, delete, send a test event.
import type { Knex } from 'knex';
import { mayManageWebhook, manageableAssessment } from '../auth/access';
import type { SessionUser } from '../auth/roles';
import { notFound, validationError } from '../errors';
import { newWebhookSecret } from '../webhooks/signature';
import { testEvent, type WebhookEventType } from '../webhooks/events';
import { webhookUrlProblem } from '../webhooks/urlPolicy';

export interface WebhookRow {
  id: number;
  owner_id: number;
  assessment_id: number | null;
  url: string;
  secret: string;
  events: WebhookEventType[] | string;
  enabled: boolean;
  created_at: Date;
}

export async function webhookCreator(knex: Knex, user: SessionUser, input: { url: string; events: WebhookEventType[]; assessmentId?: number | null }): Promise<WebhookRow> {
  const problem = webhookUrlProblem(input.url);
  if (problem) throw validationError(`invalid body: url: ${problem}`);
  if (input.assessmentId != null) await manageableAssessment(knex, user, input.assessmentId);
  const [row]: WebhookRow[] = await knex('webhooks')
    .insert({ owner_id: user.id, assessment_id: input.assessmentId ?? null, url: input.url, secret: newWebhookSecret(), events: JSON.stringify([...new Set(input.events)].sort()) })
    .returning('*');
  return row;
}

/** The hook if this user may manage it; anyone else is told it does not exist. */
export async function manageableWebhook(knex: Knex, user: SessionUser, id: number): Promise<WebhookRow> {
  const row: WebhookRow | undefined = await knex('webhooks').where({ id }).first();
  if (!row || !mayManageWebhook(user, row)) throw notFound('webhook not found');
  return row;
}

export async function webhookUpdater(knex: Knex, user: SessionUser, id: number, changes: { enabled: boolean }): Promise<WebhookRow> {
  await manageableWebhook(knex, user, id);
  const [row]: WebhookRow[] = await knex('webhooks').where({ id }).update({ enabled: changes.enabled }).returning('*');
  return row;
}

/** Its deliveries and their log go with it (ON DELETE CASCADE). */
export async function webhookDeleter(knex: Knex, user: SessionUser, id: number): Promise<void> {
  await manageableWebhook(knex, user, id);
  await knex('webhooks').where({ id }).delete();
}

export async function webhookTester(knex: Knex, user: SessionUser, id: number) {
  const hook = await manageableWebhook(knex, user, id);
  return testEvent(knex, hook);
}
