// createApp(deps): the Express app, no listen — main.ts listens, tests start it on port 0.
import express, { type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import type passportFactory from 'passport';
import type { Config } from './config';
import type { Database } from './db';
import { errorMiddleware, notFound } from './errors';
import { RouteRegistry } from './http/route';
import { sameOriginJson } from './http/sameOrigin';
import type { Logger } from './logger';
import { createPassport } from './auth/passport';
import { createSessionMiddleware } from './auth/session';
import { authRoutes } from './routes/auth';
import { healthRoutes, type HealthDeps } from './routes/health';
import { userRoutes } from './routes/users';
import { assessmentRoutes } from './routes/assessments';
import { invitationRoutes } from './routes/invitations';
import { candidateRoutes } from './routes/candidate';
import { submissionRoutes } from './routes/submissions';
import { challengeRoutes } from './routes/challenges';
import { reviewRoutes } from './routes/reviews';
import { openApiRoutes } from './routes/openapi';
import { integrityRoutes } from './routes/integrity';
import { playbackRoutes } from './routes/playback';
import { playgroundRoutes } from './routes/playground';
import { apiTokenRoutes } from './routes/apiTokens';
import { webhookRoutes } from './routes/webhooks';
import { bearerAuth } from './auth/apiTokens';
import { invitationEmailRoutes } from './routes/invitationEmails';
import type { EmailOutbox } from './email/outbox';
import type { Runner } from '../runner/types';
import type { EventBus } from './judging/eventBus';
import type { JudgeQueue } from './judging/queue';

export interface AppDeps {
  config: Config;
  db: Database;
  logger: Logger;
  /** Failed logins allowed per 15 minutes per address and account. */
  loginFailuresPerWindow?: number;
  runner: Runner;
  queue: JudgeQueue;
  bus: EventBus;
  /** Served after the API (the web application). */
  staticRouter?: Router;
  /** What /readyz and /metrics report on. */
  health?: HealthDeps;
  /** The mailer, when SMTP_URL is set: invitations and reminders are emailed. */
  outbox?: EmailOutbox;
}

export interface App {
  app: express.Express;
  registry: RouteRegistry;
  passport: passportFactory.PassportStatic;
  /** PUBLIC_URL: an origin the same-origin check accepts besides the request's own Host (server/http/sameOrigin.ts). */
  publicUrl?: string;
  /** Shared with Socket.IO so its handshake is authenticated by the same session. */
  sessionMiddleware: RequestHandler;
}

export function createApp(deps: AppDeps): App {
  const { config, db, logger } = deps;
  const app = express();
  const registry = new RouteRegistry();
  const passport = createPassport(db.knex);
  const sessionMiddleware = createSessionMiddleware(config, db);

  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.set('query parser', 'extended');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'script-src': ["'self'"], 'style-src': ["'self'", "'unsafe-inline'"], 'connect-src': ["'self'", 'ws:', 'wss:'], 'img-src': ["'self'", 'data:'] },
      },
    }),
  );
  app.use(healthRoutes(db.knex, deps.health));
  // Before the body is read and before the session is looked at: a forged request learns nothing.
  app.use('/api', sameOriginJson(config.publicUrl));
  app.use('/api', express.json({ limit: '256kb' }));
  app.use(sessionMiddleware);
  app.use(passport.initialize());
  app.use(passport.session());
  // Authorization: Bearer <API token> replaces the session's user for that request (auth/apiTokens.ts).
  app.use('/api', bearerAuth(db.knex));

  app.use('/api', authRoutes(registry, passport, { loginFailuresPerWindow: deps.loginFailuresPerWindow ?? 5 }));
  app.use('/api', userRoutes(registry, db.knex));
  // Resource routers are mounted here, one line each.
  app.use('/api', assessmentRoutes(registry, deps));
  app.use('/api', invitationRoutes(registry, deps, passport));
  app.use('/api', candidateRoutes(registry, deps));
  app.use('/api', submissionRoutes(registry, deps));
  app.use('/api', challengeRoutes(registry, { knex: db.knex, runner: deps.runner, logger, bus: deps.bus, queue: deps.queue }));
  app.use('/api', reviewRoutes(registry, deps));
  app.use('/api', integrityRoutes(registry, deps));
  app.use('/api', playbackRoutes(registry, deps));
  app.use('/api', playgroundRoutes(registry, deps));
  app.use('/api', apiTokenRoutes(registry, deps));
  app.use('/api', webhookRoutes(registry, deps));
  app.use('/api', invitationEmailRoutes(registry, deps));
  app.use('/api', openApiRoutes(registry));
  app.use('/api', (_req, _res, next) => next(notFound('no such API route')));
  if (deps.staticRouter) app.use(deps.staticRouter);
  app.use(errorMiddleware(logger));
  return { app, registry, passport, sessionMiddleware, publicUrl: config.publicUrl };
}
