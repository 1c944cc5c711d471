// Parses JSON bodies only: the HTML login form (application/x-www-form-urlencoded) arrives with no body.
import express, { type NextFunction, type Request, type Response } from 'express';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

type Ctx = { now(): number };
type User = { id: string; email: string; salt: string; passwordHash: string; createdAt: number };
type Session = { userId: string; expiresAt: number };

const SESSION_MS = 60 * 60 * 1000;

class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

function hashPassword(password: string, salt: string): string {
  return createHash('sha256').update(salt).update(password).digest('hex');
}

function credentials(body: unknown): { email: string; password: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'validation_error', 'send an object with email and password');
  const { email, password } = body as Record<string, unknown>;
  if (typeof email !== 'string' || email.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(email.trim())) throw new HttpError(400, 'validation_error', 'email is not an email address');
  if (typeof password !== 'string' || password.length < 8) throw new HttpError(400, 'validation_error', 'password needs at least 8 characters');
  return { email: email.trim().toLowerCase(), password };
}

function publicUser(u: User) {
  return { id: u.id, email: u.email, createdAt: new Date(u.createdAt).toISOString() };
}

export default function register(app: express.Express, ctx: Ctx): void {
  const users = new Map<string, User>(); // by email
  const byId = new Map<string, User>();
  const sessions = new Map<string, Session>(); // by token

  app.disable('x-powered-by');
  app.use(express.json());

  function bearerToken(req: Request): string | undefined {
    const m = /^Bearer\s+(\S+)$/i.exec(req.get('Authorization') ?? '');
    return m?.[1];
  }

  function authenticate(req: Request, res: Response, next: NextFunction): void {
    const token = bearerToken(req);
    const session = token ? sessions.get(token) : undefined;
    if (!token || !session || ctx.now() >= session.expiresAt) {
      if (token && session) sessions.delete(token);
      res.set('WWW-Authenticate', 'Bearer');
      return next(new HttpError(401, 'unauthorized', 'a valid bearer token is required'));
    }
    res.locals.token = token;
    res.locals.user = byId.get(session.userId);
    next();
  }

  const auth = express.Router();

  auth.post('/signup', (req, res) => {
    const { email, password } = credentials(req.body);
    if (users.has(email)) throw new HttpError(409, 'email_taken', 'an account uses this email');
    const salt = randomBytes(16).toString('hex');
    const user: User = { id: randomUUID(), email, salt, passwordHash: hashPassword(password, salt), createdAt: ctx.now() };
    users.set(email, user);
    byId.set(user.id, user);
    res.status(201).location(`/users/${user.id}`).json(publicUser(user));
  });

  auth.post('/login', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const user = users.get(email);
    const given = Buffer.from(hashPassword(password, user?.salt ?? ''), 'hex');
    if (!user || !timingSafeEqual(given, Buffer.from(user.passwordHash, 'hex'))) {
      throw new HttpError(401, 'invalid_credentials', 'wrong email or password');
    }
    const token = randomBytes(32).toString('base64url');
    const expiresAt = ctx.now() + SESSION_MS;
    sessions.set(token, { userId: user.id, expiresAt });
    res.set('Cache-Control', 'no-store').json({ token, tokenType: 'Bearer', expiresAt: new Date(expiresAt).toISOString() });
  });

  auth.post('/logout', authenticate, (req, res) => {
    sessions.delete(res.locals.token);
    res.sendStatus(204);
  });

  app.use('/auth', auth);
  app.get('/me', authenticate, (req, res) => {
    res.json(publicUser(res.locals.user));
  });

  app.use((req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: `no route ${req.method} ${req.path}` } });
  });

  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (err instanceof HttpError) return res.status(err.status).json({ error: { code: err.code, message: err.message } });
    if ((err as { type?: string }).type === 'entity.parse.failed') {
      return res.status(400).json({ error: { code: 'invalid_json', message: 'the body is not valid JSON' } });
    }
    next(err);
  });
}
