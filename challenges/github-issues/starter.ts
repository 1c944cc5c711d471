import express from 'express';
import { randomBytes } from 'node:crypto';

type Ctx = { now(): number };

export default function register(app: express.Express, ctx: Ctx): void {
  app.use(express.json());
  const issues = express.Router({ mergeParams: true });

  issues.post('/', (req, res) => {
    // TODO: authentication, validation, numbering per repository.
    const id = randomBytes(6).readUIntBE(0, 6) + 1;
    res.status(201).json({ id, number: 1, title: req.body?.title });
  });

  // TODO: GET /:number, PATCH /:number, GET / with filters, sorting and the Link header.

  app.use('/repos/:owner/:repo/issues', issues);
}
