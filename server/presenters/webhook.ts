// A hook as its owner sees it: the secret only in the creation answer (webhookWithSecret), as Stripe shows it.
import type { WebhookRow } from '../commands/webhooks';
import type { AttemptRow, DeliveryRow } from '../queries/webhooks';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function presentWebhook(r: WebhookRow) {
  return {
    id: r.id,
    url: r.url,
    assessmentId: r.assessment_id,
    events: typeof r.events === 'string' ? (JSON.parse(r.events) as string[]) : r.events,
    enabled: r.enabled,
    createdAt: iso(r.created_at),
  };
}

export function presentWebhookWithSecret(r: WebhookRow) {
  return { ...presentWebhook(r), secret: r.secret };
}

export function presentDelivery({ delivery: d, attempts }: { delivery: DeliveryRow; attempts: AttemptRow[] }) {
  return {
    id: Number(d.id),
    eventId: d.event_id,
    type: d.event_type,
    status: d.status,
    attemptCount: Number(d.attempts),
    createdAt: iso(d.created_at),
    finishedAt: iso(d.finished_at),
    nextAttemptAt: d.status === 'pending' ? iso(d.next_attempt_at) : null,
    attempts: attempts.map((a) => ({ at: iso(a.at), statusCode: a.status_code, error: a.error, durationMs: a.duration_ms })),
  };
}
