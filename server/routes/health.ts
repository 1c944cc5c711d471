// Probes and metrics. /healthz: the process answers and its database does (liveness and the simple check);
// /readyz: the database and the judge queue are reachable (a load balancer sends traffic only then, and stops
// when the process drains); /metrics: Prometheus text.
import { timingSafeEqual } from 'node:crypto';
import { Router, type Response } from 'express';
import type { Knex } from 'knex';
import { errorBody, notFound, unauthorized, unavailable, type HttpError } from '../errors';
import type { JudgeQueue } from '../judging/queue';
import type { Metrics } from '../metrics';

export interface HealthDeps {
  queue?: Pick<JudgeQueue, 'check'>;
  metrics?: Metrics;
  metricsToken?: string;
  /** True once the process is shutting down: not ready any more. */
  draining?: () => boolean;
}

const sameToken = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

// The probes answer directly (plain handlers, not route()), with the same error body as everything else.
const send = (res: Response, err: HttpError) => res.status(err.status).json(errorBody(err));

export function healthRoutes(knex: Knex, deps: HealthDeps = {}) {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    try {
      await knex.raw('select 1');
      res.json({ status: 'ok', database: 'ok' });
    } catch {
      send(res, unavailable('the database is not reachable'));
    }
  });

  router.get('/readyz', async (_req, res) => {
    if (deps.draining?.()) return void send(res, unavailable('the process is shutting down'));
    try {
      await knex.raw('select 1');
    } catch {
      return void send(res, unavailable('the database is not reachable'));
    }
    try {
      await deps.queue?.check();
    } catch {
      return void send(res, unavailable('the judge queue is not reachable'));
    }
    res.json({ status: 'ok', database: 'ok', queue: 'ok' });
  });

  router.get('/metrics', async (req, res) => {
    if (!deps.metrics) return void send(res, notFound('metrics are not enabled'));
    if (deps.metricsToken && !sameToken(req.get('authorization') ?? '', `Bearer ${deps.metricsToken}`)) {
      return void send(res, unauthorized('GET /metrics wants Authorization: Bearer <METRICS_TOKEN>'));
    }
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  return router;
}
