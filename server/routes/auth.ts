import { Router, type Request } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type passportFactory from 'passport';
import { z } from 'zod';
import { tooManyRequests, unauthorized } from '../errors';
import { route, type RouteRegistry } from '../http/route';
import { presentUser } from '../presenters/user';
import type { SessionUser } from '../auth/roles';

export const loginBody = z.object({
  email: z.string().trim().email().max(320),
  password: z.string().min(1).max(1024),
});

function logIn(req: Request, user: SessionUser): Promise<void> {
  return new Promise((resolve, reject) => req.logIn(user, (err) => (err ? reject(err) : resolve())));
}

export function authRoutes(registry: RouteRegistry, passport: passportFactory.PassportStatic, opts: { loginFailuresPerWindow: number }) {
  const router = Router();
  // Counts failed logins only, per client address and account, so a guessed password is slowed down
  // without locking out the real user's other devices for long.
  const loginLimiter = rateLimit({
    windowMs: 15 * 60 * 1000,
    limit: opts.loginFailuresPerWindow,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? '')}|${String(req.body?.email ?? '').toLowerCase()}`,
    handler: (_req, _res, next) => next(tooManyRequests('too many failed logins; try again in 15 minutes')),
  });
  router.post('/auth/login', loginLimiter);

  route(router, registry, '/api', { method: 'post', path: '/auth/login', tag: 'auth', summary: 'Log in with email and password', auth: 'public', body: loginBody }, async ({ req, body }) => {
    req.body = body;
    const user = await new Promise<SessionUser | false>((resolve, reject) =>
      passport.authenticate('local', { session: false }, (err: unknown, u: SessionUser | false) => (err ? reject(err) : resolve(u)))(req, req.res!, () => {}),
    );
    if (!user) throw unauthorized('wrong email or password');
    await logIn(req, user);
    return { user: presentUser(user) };
  });

  route(router, registry, '/api', { method: 'post', path: '/auth/logout', tag: 'auth', summary: 'Log out', auth: 'public', status: 204 }, async ({ req }) => {
    await new Promise<void>((resolve, reject) => req.logOut((err) => (err ? reject(err) : resolve())));
    await new Promise<void>((resolve) => (req.session ? req.session.destroy(() => resolve()) : resolve()));
    req.res!.clearCookie('assay.sid');
    return undefined;
  });

  route(router, registry, '/api', { method: 'get', path: '/me', tag: 'auth', summary: 'The logged-in user', auth: 'any' }, ({ user }) => ({
    user: { ...presentUser(user!), ...(user!.invitationId ? { invitationId: user!.invitationId } : {}) },
  }));

  return router;
}
