// Email invitations (issue 18): reminders, and what became of each message. The invitation email itself is
// queued by POST /assessments/:id/invitations; with no SMTP_URL nothing here sends anything.
import { Router, type Request } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Config } from '../config';
import { manageableAssessment, manageableInvitation } from '../auth/access';
import { assessmentReminders, invitationReminder, lastCountedEmailAt, REMINDER_INTERVAL_MS } from '../commands/invitationReminder';
import type { InvitationEmailRow } from '../commands/invitationEmailQueuer';
import type { EmailOutbox } from '../email/outbox';
import { assessmentArchived, emailDisabled } from '../errors';
import { route, type RouteRegistry } from '../http/route';
import { presentEmail, presentEmailSummary } from '../presenters/invitationEmail';
import { publicUrl } from './invitations';

const STAFF = ['recruiter', 'admin'] as const;
const idParams = z.object({ id: z.coerce.number().int().positive() }).strict();
// The dashboard asks for the invitations of the page it shows, not the whole assessment.
const summaryQuery = z
  .object({
    ids: z
      .string()
      .regex(/^\d{1,10}(,\d{1,10}){0,199}$/, 'a comma-separated list of at most 200 invitation ids')
      .transform((s) => [...new Set(s.split(',').map(Number))])
      .optional(),
  })
  .strict();

export function invitationEmailRoutes(registry: RouteRegistry, deps: { db: { knex: Knex }; config: Config; outbox?: EmailOutbox }) {
  const { knex } = deps.db;
  const router = Router();
  const tag = 'invitations';
  const linkFor = (req: Request) => {
    const base = publicUrl(deps.config, req);
    return (token: string) => `${base}/invite/${token}`;
  };

  route(
    router,
    registry,
    '/api',
    { method: 'post', path: '/invitations/:id/reminders', tag, summary: 'Email a reminder with a new link (the old link stops working); one email per invitation per hour unless the last one failed', auth: STAFF, params: idParams, status: 202 },
    async ({ req, params, user }) => {
      const { invitation: inv } = await manageableInvitation(knex, user!, params.id);
      if (!deps.outbox) throw emailDisabled();
      const email = await invitationReminder(knex, { invitationId: inv.id, linkFor: linkFor(req), requestedBy: user!.id });
      deps.outbox.kick();
      return { email: presentEmail(email) };
    },
  );

  route(
    router,
    registry,
    '/api',
    { method: 'post', path: '/assessments/:id/reminders', tag, summary: 'Email a reminder to every candidate who has not started or not finished; those reminded within the hour are skipped', auth: STAFF, params: idParams, status: 202 },
    async ({ req, params, user }) => {
      const assessment = await manageableAssessment(knex, user!, params.id);
      if (!deps.outbox) throw emailDisabled();
      if (assessment.archived_at) throw assessmentArchived();
      const result = await assessmentReminders(knex, { assessmentId: assessment.id, linkFor: linkFor(req), requestedBy: user!.id });
      if (result.queued.length) deps.outbox.kick();
      return { queued: result.queued.map(presentEmail), skipped: result.skipped };
    },
  );

  route(
    router,
    registry,
    '/api',
    { method: 'get', path: '/assessments/:id/emails', tag, summary: 'Whether email is on, and the delivery and reminders of the invitations named by ?ids=1,2,3 (at most 200)', auth: STAFF, params: idParams, query: summaryQuery },
    async ({ params, query, user }) => {
      const assessment = await manageableAssessment(knex, user!, params.id);
      if (!query.ids?.length) return { enabled: Boolean(deps.outbox), invitations: [] };
      const rows: InvitationEmailRow[] = await knex('invitation_emails as e')
        .join('invitations as i', 'i.id', 'e.invitation_id')
        .where('i.assessment_id', assessment.id)
        .whereIn('e.invitation_id', query.ids)
        .orderBy('e.id')
        .select('e.*');
      const byInvitation = new Map<number, InvitationEmailRow[]>();
      for (const r of rows) byInvitation.set(r.invitation_id, [...(byInvitation.get(r.invitation_id) ?? []), r]);
      const now = Date.now();
      return {
        enabled: Boolean(deps.outbox),
        invitations: [...byInvitation].map(([id, list]) => {
          const counted = list.filter((r) => r.status !== 'failed').map((r) => new Date(r.created_at).getTime());
          const next = counted.length ? Math.max(...counted) + REMINDER_INTERVAL_MS : 0;
          return presentEmailSummary(id, list, next > now ? new Date(next) : null);
        }),
      };
    },
  );

  route(
    router,
    registry,
    '/api',
    { method: 'get', path: '/invitations/:id/emails', tag, summary: 'Every email sent (or tried) for an invitation, newest first', auth: STAFF, params: idParams },
    async ({ params, user }) => {
      const { invitation: inv } = await manageableInvitation(knex, user!, params.id);
      const rows: InvitationEmailRow[] = await knex('invitation_emails').where({ invitation_id: inv.id }).orderBy('id', 'desc');
      const last = await lastCountedEmailAt(knex, inv.id);
      const next = last ? new Date(last.getTime() + REMINDER_INTERVAL_MS) : null;
      return { enabled: Boolean(deps.outbox), emails: rows.map(presentEmail), nextReminderAt: next && next.getTime() > Date.now() ? next.toISOString() : null };
    },
  );

  return router;
}
