// Integrity signals: the candidate's page reports them in batches; the assessment's recruiter (and admins) read
// them beside the similarity flags. See commands/integritySignals.ts for the limits and why they are signals only.
import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { integrityEventsOf, summariseIntegrity } from '../queries/integritySignals';
import { integrityRecorder, MAX_EVENTS_PER_BATCH } from '../commands/integritySignals';
import { INTEGRITY_TYPES } from '../rows';
import { route, type RouteRegistry } from '../http/route';
import { presentIntegrity } from '../presenters/integrity';
import { perUserLimiter } from './candidate';
import { manageableInvitation, sessionInvitation } from '../auth/access';

/** Batches per minute per candidate: the page sends one every few seconds at most. */
export const INTEGRITY_BATCHES_PER_MINUTE = 20;

const event = z
  .object({
    type: z.enum(INTEGRITY_TYPES),
    at: z.string().datetime({ offset: true }).describe('when the browser saw it (clamped to the assessment window)'),
    challengeId: z.number().int().positive().nullable().optional(),
    amount: z.number().int().min(0).max(24 * 3600 * 1000).nullable().optional().describe('paste: characters; blur/hidden: milliseconds away; first_keystroke: milliseconds after opening the challenge'),
  })
  .strict();
const batchBody = z.object({ events: z.array(event).min(1).max(MAX_EVENTS_PER_BATCH) }).strict();
const idParams = z.object({ id: z.coerce.number().int().positive() }).strict();

export function integrityRoutes(registry: RouteRegistry, deps: { db: { knex: Knex } }) {
  const { knex } = deps.db;
  const router = Router();

  router.post('/candidate/integrity-events', perUserLimiter(INTEGRITY_BATCHES_PER_MINUTE, 'signal batches'));
  route(router, registry, '/api', { method: 'post', path: '/candidate/integrity-events', tag: 'candidate', summary: 'Report a batch of integrity signals (pastes, focus losses, tab switches, first keystroke)', auth: ['candidate'], body: batchBody, status: 202 }, async ({ user, body }) => {
    const inv = await sessionInvitation(knex, user!);
    return await integrityRecorder(knex, inv, body.events);
  });

  route(router, registry, '/api', { method: 'get', path: '/invitations/:id/integrity', tag: 'reviews', summary: "A candidate's integrity signals with timestamps: signals to ask about, not proof", auth: ['recruiter', 'admin'], params: idParams }, async ({ user, params }) => {
    const { invitation } = await manageableInvitation(knex, user!, params.id);
    const rows = await integrityEventsOf(knex, [invitation.id]);
    return presentIntegrity(summariseIntegrity(rows), rows);
  });

  return router;
}
