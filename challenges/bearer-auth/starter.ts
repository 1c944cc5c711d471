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

export default function register(app: App, ctx: Ctx): void {
  const notes = SEED_NOTES.map((n) => ({ ...n }));

  app.get('/health', (req, res) => {
    res.status(200).json({ status: 'ok' });
  });

  // TODO: an authentication middleware (401 / 403 with WWW-Authenticate) on the routes below.
  app.get('/me', (req, res) => {
    res.status(401).json({ error: { code: 'unauthorized', message: 'not implemented yet' } });
  });

  app.get('/notes', (req, res) => {
    res.status(200).json({ items: notes });
  });

  app.post('/notes', (req, res) => {
    res.status(501).json({ error: { code: 'not_implemented', message: 'not implemented yet' } });
  });
}
