import express from 'express';
import { randomBytes, randomUUID } from 'node:crypto';

type Ctx = { now(): number };

export default function register(app: express.Express, ctx: Ctx): void {
  app.use(express.json());

  app.post('/auth/signup', (req, res) => {
    // TODO: validate, reject duplicates, store a salted password hash.
    res.status(201).json({ id: randomUUID(), email: req.body?.email, createdAt: new Date(ctx.now()).toISOString() });
  });

  app.post('/auth/login', (req, res) => {
    // TODO: check the credentials, remember the session and its expiry.
    res.json({ token: randomBytes(32).toString('base64url'), tokenType: 'Bearer', expiresAt: new Date(ctx.now() + 3600000).toISOString() });
  });

  // TODO: GET /me, POST /auth/logout, JSON errors (malformed JSON included).
}
