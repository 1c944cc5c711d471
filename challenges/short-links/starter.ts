import express from 'express';
import { randomBytes } from 'node:crypto';

type Ctx = { now(): number };

export default function register(app: express.Express, ctx: Ctx): void {
  app.use(express.json());

  app.post('/links', (req, res) => {
    // TODO: validate the URL and the custom slug, generate a 7-character slug, remember the link.
    const slug = 'TODO123';
    res.status(201).json({ slug, url: req.body?.url, deleteToken: randomBytes(24).toString('hex') });
  });

  // TODO: GET /links/:slug, DELETE /links/:slug, GET /:slug (the redirect).
}
