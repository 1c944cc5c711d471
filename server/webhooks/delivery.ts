// One attempt at one delivery: sign the stored body, POST it, log the attempt (status code, error, duration),
// and decide what comes next — delivered, another attempt after an exponential backoff, or failed for good.
// Used by both dispatchers (dispatcher.ts), so the retry policy is the same on PGlite and on a server.
import type { Knex } from 'knex';
import type { Logger } from '../logger';
import { SIGNATURE_HEADER, signatureHeader } from './signature';
import { postJson, RefusedTarget } from './httpPost';

export const MAX_ATTEMPTS = 5;
/** A receiver is expected to answer at once and do its work later, as Stripe asks of its receivers. */
const ATTEMPT_TIMEOUT_MS = 10_000;

export interface DeliveryOptions {
  allowPrivate: boolean;
  /** The first retry comes after this long, each further one after twice the one before. */
  retryBaseMs: number;
}

export interface DeliveryDeps {
  knex: Knex;
  logger: Logger;
  options: DeliveryOptions;
}

export type AttemptOutcome = 'delivered' | 'retry' | 'failed' | 'skipped';

export function backoffMs(attempts: number, baseMs: number): number {
  return baseMs * 2 ** Math.max(0, attempts - 1);
}

/** Deliveries due now, claimed (locked for `lockSeconds`) so no other loop or process takes them meanwhile. */
export async function claimDue(q: Knex, limit: number, lockSeconds: number): Promise<number[]> {
  const { rows } = (await q.raw(
    `update webhook_deliveries set locked_until = now() + ? * interval '1 second'
     where id in (
       select d.id from webhook_deliveries d join webhooks w on w.id = d.webhook_id
       where d.status = 'pending' and w.enabled and d.next_attempt_at <= now() and (d.locked_until is null or d.locked_until < now())
       order by d.next_attempt_at, d.id
       limit ?
       for update of d skip locked)
     returning id`,
    [lockSeconds, limit],
  )) as { rows: Array<{ id: number | string }> };
  return rows.map((r) => Number(r.id));
}

async function post(url: string, secret: string, row: { event_id: string; event_type: string; body: string }, allowPrivate: boolean): Promise<{ statusCode: number | null; error: string | null }> {
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const statusCode = await postJson(
      url,
      {
        'content-type': 'application/json',
        'user-agent': 'assay-webhooks/1',
        [SIGNATURE_HEADER]: signatureHeader(secret, timestamp, row.body),
        'assay-timestamp': String(timestamp),
        'assay-event-id': row.event_id,
        'assay-event-type': row.event_type,
      },
      row.body,
      { allowPrivate, timeoutMs: ATTEMPT_TIMEOUT_MS },
    );
    return { statusCode, error: statusCode >= 200 && statusCode < 300 ? null : `the receiver answered ${statusCode}` };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const error = e.name === 'TimeoutError' || e.name === 'AbortError' ? `no answer within ${ATTEMPT_TIMEOUT_MS / 1000} s` : e instanceof RefusedTarget ? e.message : (e.code ?? e.message);
    return { statusCode: null, error: String(error) };
  }
}

/** One attempt at a claimed delivery. Never throws for the receiver's faults, only for the database's. */
export async function attemptDelivery(deps: DeliveryDeps, deliveryId: number): Promise<AttemptOutcome> {
  const { knex, options } = deps;
  const row = await knex('webhook_deliveries as d')
    .join('webhooks as w', 'w.id', 'd.webhook_id')
    .where('d.id', deliveryId)
    .first('d.id', 'd.status', 'd.attempts', 'd.event_id', 'd.event_type', 'd.body', 'w.url', 'w.secret', 'w.enabled');
  // Delivered meanwhile (a duplicate job), or the hook was deleted or switched off: nothing to send now.
  if (!row || row.status !== 'pending') return 'skipped';
  if (!row.enabled) {
    await knex('webhook_deliveries').where({ id: deliveryId }).update({ locked_until: null });
    return 'skipped';
  }
  const started = process.hrtime.bigint();
  const result = await post(row.url, row.secret, row, options.allowPrivate);
  const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
  const attempts = Number(row.attempts) + 1;
  const outcome: AttemptOutcome = result.error === null ? 'delivered' : attempts >= MAX_ATTEMPTS ? 'failed' : 'retry';
  await knex.transaction(async (trx) => {
    await trx('webhook_attempts').insert({ delivery_id: deliveryId, status_code: result.statusCode, error: result.error?.slice(0, 500) ?? null, duration_ms: durationMs });
    await trx('webhook_deliveries')
      .where({ id: deliveryId })
      .update({
        attempts,
        locked_until: null,
        status: outcome === 'retry' ? 'pending' : outcome,
        ...(outcome === 'retry' ? { next_attempt_at: new Date(Date.now() + backoffMs(attempts, options.retryBaseMs)) } : { finished_at: new Date() }),
      });
  });
  if (outcome === 'failed') deps.logger.warn({ deliveryId, error: result.error }, 'webhook delivery failed for good');
  return outcome;
}
