// The platform's Express-like app, as far as this challenge needs it.
type Req = { method: string; path: string; params: Record<string, string>; query: Record<string, string | string[]>; headers: Record<string, string | undefined>; body: unknown };
type Res = { status(code: number): Res; json(value: unknown): void; set(name: string, value: string): Res; send(text: string): void; end(): void };
type Next = (err?: unknown) => void;
type Handler = (req: Req, res: Res, next: Next) => void | Promise<void>;
type App = { get(path: string, ...handlers: Handler[]): void; post(path: string, ...handlers: Handler[]): void; use(...handlers: Handler[]): void };
type Ctx = { now(): number };

type TokenInfo = { user: string; scopes: string[]; expiresAt: number };

/** What the authorization server told us about each token. */
const TOKENS: Record<string, TokenInfo> = {
  tok_alice_rw: { user: 'alice', scopes: ['notes:read', 'notes:write'], expiresAt: Date.UTC(2030, 0, 1) },
  tok_bob_ro: { user: 'bob', scopes: ['notes:read'], expiresAt: Date.UTC(2030, 0, 1) },
  tok_carol_old: { user: 'carol', scopes: ['notes:read', 'notes:write'], expiresAt: Date.UTC(2023, 0, 1) },
  tok_dave_short: { user: 'dave', scopes: ['notes:read', 'notes:write'], expiresAt: Date.UTC(2023, 10, 15, 0, 0, 0) },
  tok_erin_none: { user: 'erin', scopes: [], expiresAt: Date.UTC(2030, 0, 1) },
};

type Note = { id: number; owner: string; text: string };

const SEED_NOTES: Note[] = [
  { id: 1, owner: 'alice', text: 'Buy milk' },
  { id: 2, owner: 'bob', text: 'Call the bank' },
  { id: 3, owner: 'alice', text: 'Renew passport' },
];

const REALM = 'Bearer realm="notes"';

type Authed = Req & { auth?: TokenInfo };

function sendError(res: Res, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

/**
 * Authenticates the caller and checks one scope (or none). Mounted per route, so public routes never
 * see it. RFC 6750: no error attribute when the request carried no bearer credentials at all.
 */
function requireAuth(ctx: Ctx, scope?: string): Handler {
  return (req, res, next) => {
    const header = req.headers['authorization'];
    const m = header === undefined ? null : /^(\S+)(?:[ ]+(.*))?$/.exec(header.trim());
    if (!m || m[1].toLowerCase() !== 'bearer') {
      res.set('WWW-Authenticate', REALM);
      return sendError(res, 401, 'unauthorized', 'send Authorization: Bearer <token>');
    }
    const token = (m[2] ?? '').trim();
    const info = Object.prototype.hasOwnProperty.call(TOKENS, token) ? TOKENS[token] : undefined;
    if (!info || ctx.now() >= info.expiresAt) {
      res.set('WWW-Authenticate', `${REALM}, error="invalid_token"`);
      return sendError(res, 401, 'invalid_token', 'the token is unknown or expired');
    }
    if (scope !== undefined && !info.scopes.includes(scope)) {
      res.set('WWW-Authenticate', `${REALM}, error="insufficient_scope", scope="${scope}"`);
      return sendError(res, 403, 'insufficient_scope', `this route needs the ${scope} scope`);
    }
    (req as Authed).auth = info;
    next();
  };
}

export default function register(app: App, ctx: Ctx): void {
  const notes = SEED_NOTES.map((n) => ({ ...n }));
  let nextId = notes.length + 1;

  app.get('/health', (_req, res) => {
    res.status(200).json({ status: 'ok' });
  });

  app.get('/me', requireAuth(ctx), (req, res) => {
    const { user, scopes } = (req as Authed).auth!;
    res.status(200).json({ user, scopes });
  });

  app.get('/notes', requireAuth(ctx, 'notes:read'), (req, res) => {
    const user = (req as Authed).auth!.user;
    res.status(200).json({ items: notes.filter((n) => n.owner === user) });
  });

  app.post('/notes', requireAuth(ctx, 'notes:write'), (req, res) => {
    const text = (req.body as { text?: unknown } | undefined)?.text;
    if (typeof text !== 'string' || text.trim() === '') return sendError(res, 400, 'validation_error', 'text must be a non-empty string');
    const note = { id: nextId++, owner: (req as Authed).auth!.user, text };
    notes.push(note);
    res.status(201).json(note);
  });
}
