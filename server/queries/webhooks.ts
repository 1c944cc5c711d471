import type { Knex } from 'knex';
import type { WebhookRow } from '../commands/webhooks';

export function webhooksOf(knex: Knex, userId: number): Promise<WebhookRow[]> {
  return knex('webhooks').where({ owner_id: userId }).orderBy('id', 'desc');
}

export interface DeliveryRow {
  id: number | string;
  event_id: string;
  event_type: string;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  created_at: Date;
  finished_at: Date | null;
}

export interface AttemptRow {
  delivery_id: number | string;
  at: Date;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

/** The delivery log: a hook's latest deliveries, each with its attempts (two statements, whatever the count). */
export async function deliveriesOf(knex: Knex, webhookId: number, limit = 50): Promise<Array<{ delivery: DeliveryRow; attempts: AttemptRow[] }>> {
  const deliveries: DeliveryRow[] = await knex('webhook_deliveries')
    .where({ webhook_id: webhookId })
    .orderBy('id', 'desc')
    .limit(limit)
    .select('id', 'event_id', 'event_type', 'status', 'attempts', 'next_attempt_at', 'created_at', 'finished_at');
  const attempts: AttemptRow[] = deliveries.length
    ? await knex('webhook_attempts').whereIn('delivery_id', deliveries.map((d) => d.id)).orderBy('id').select('delivery_id', 'at', 'status_code', 'error', 'duration_ms')
    : [];
  return deliveries.map((delivery) => ({ delivery, attempts: attempts.filter((a) => String(a.delivery_id) === String(delivery.id)) }));
}
