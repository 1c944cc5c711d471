import { Router, type Request } from 'express';
import type { Knex } from 'knex';
import type passportFactory from 'passport';
import { z } from 'zod';
import type { Config } from '../config';
import type { SessionUser } from '../auth/roles';
import { inviteGuesses } from '../auth/inviteGuesses';
import { registerInviteStrategy, type InviteInfo } from '../auth/inviteStrategy';
import { invitationCreator } from '../commands/invitationCreator';
import { invitationRevoker } from '../commands/invitationRevoker';
import { presentCandidateAssessmentFor } from './candidate';
import { invitationsOf, scoresOf, submissionsOf } from '../queries/invitations';
import { assessmentArchived, invalidInviteToken } from '../errors';
import { route, type RouteRegistry } from '../http/route';
import { presentInvitation } from '../presenters/invitation';
import { presentSubmissionSummary } from '../presenters/submission';
import { idParams, STAFF } from './assessments';
import { manageableAssessment, manageableInvitation } from '../auth/access';
import { presentEmail } from '../presenters/invitationEmail';
import type { EmailOutbox } from '../email/outbox';

const inviteBody = z
  .object({
    email: z.string().trim().email().max(320),
    expiresInDays: z.number().int().min(1).max(60).default(7),
  })
  .strict();

const acceptBody = z.object({ token: z.string().min(1).max(200) }).strict();

/** config.publicUrl, else this server's own address as it listens (never the request's Host header). */
export function publicUrl(config: Config, req: Request): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '');
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${host}:${req.socket.localPort}`;
}

function logIn(req: Request, user: SessionUser): Promise<void> {
  return new Promise((resolve, reject) => req.logIn(user, (err) => (err ? reject(err) : resolve())));
}

export function invitationRoutes(registry: RouteRegistry, deps: { db: { knex: Knex }; config: Config; outbox?: EmailOutbox }, passport: passportFactory.PassportStatic) {
  const { knex } = deps.db;
  const router = Router();
  registerInviteStrategy(passport, knex);

  route(router, registry, '/api', { method: 'post', path: '/assessments/:id/invitations', tag: 'invitations', summary: 'Invite a candidate; the response is the only place the link appears (with SMTP_URL set, it is also emailed: `email` is its delivery)', auth: STAFF, params: idParams, body: inviteBody, status: 201 }, async ({ req, params, body, user }) => {
    const assessment = await manageableAssessment(knex, user!, params.id);
    if (assessment.archived_at) throw assessmentArchived();
    const base = publicUrl(deps.config, req);
    const { invitation, token, email } = await invitationCreator(
      knex,
      { assessmentId: assessment.id, email: body.email, expiresInDays: body.expiresInDays, requestedBy: user!.id },
      deps.outbox ? (t) => `${base}/invite/${t}` : undefined,
    );
    // Committed: the mailer sends it in the background; SMTP's answer never reaches (or fails) this request.
    deps.outbox?.kick();
    return { invitation: presentInvitation(invitation), link: `${base}/invite/${token}`, email: email ? presentEmail(email) : null };
  });

  route(router, registry, '/api', { method: 'get', path: '/assessments/:id/invitations', tag: 'invitations', summary: 'Invitations of an assessment with their state and best scores', auth: STAFF, params: idParams }, async ({ params, user }) => {
    const assessment = await manageableAssessment(knex, user!, params.id);
    const rows = await invitationsOf(knex, assessment.id);
    const best = await scoresOf(knex, rows.map((r) => r.id));
    return { invitations: rows.map((r) => presentInvitation(r, best.get(r.id))) };
  });

  route(router, registry, '/api', { method: 'get', path: '/invitations/:id', tag: 'invitations', summary: "One invitation with the candidate's runs and submissions", auth: STAFF, params: idParams }, async ({ params, user }) => {
    const { invitation: inv } = await manageableInvitation(knex, user!, params.id);
    const [best, submissions] = await Promise.all([
      scoresOf(knex, [inv.id]),
      submissionsOf(knex, inv.id),
    ]);
    return { invitation: presentInvitation(inv, best.get(inv.id)), submissions: submissions.map(presentSubmissionSummary) };
  });

  route(router, registry, '/api', { method: 'post', path: '/invitations/:id/revoke', tag: 'invitations', summary: 'Revoke an invitation (its link stops working)', auth: STAFF, params: idParams }, async ({ params, user }) => {
    const { invitation: inv } = await manageableInvitation(knex, user!, params.id);
    const revoked = await invitationRevoker(knex, inv.id);
    return { invitation: presentInvitation(revoked, (await scoresOf(knex, [inv.id])).get(inv.id)) };
  });

  const guesses = inviteGuesses();

  route(router, registry, '/api', { method: 'post', path: '/invitations/accept', tag: 'invitations', summary: 'Sign in with an invite token (resumes a started assessment)', auth: 'public', body: acceptBody }, async ({ req }) => {
    guesses.assertAllowed(req.ip);
    const { user, info } = await new Promise<{ user: SessionUser | false; info?: InviteInfo }>((resolve, reject) =>
      passport.authenticate('invite', { session: false }, (err: unknown, u: SessionUser | false, i?: InviteInfo) => (err ? reject(err) : resolve({ user: u, info: i })))(req, req.res!, () => {}),
    ).catch((err) => {
      guesses.failed(req.ip);
      throw err;
    });
    if (!user || !info) {
      guesses.failed(req.ip);
      throw invalidInviteToken();
    }
    await logIn(req, user);
    return {
      user: { id: user.id, email: user.email, name: user.name, role: user.role, invitationId: user.invitationId },
      assessment: await presentCandidateAssessmentFor(knex, info.invitation),
    };
  });

  return router;
}
