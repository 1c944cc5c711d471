import { Router } from 'express';
import type { Knex } from 'knex';

export function healthRoutes(knex: Knex) {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    try {
      await knex.raw('select 1');
      res.json({ status: 'ok', database: 'ok' });
    } catch {
      res.status(503).json({ error: { code: 'unavailable', message: 'the database is not reachable' } });
    }
  });
  return router;
}
