// Numbers issues with one counter for every repository: the first issue of a new repository is not #1.
import express, { type NextFunction, type Request, type Response } from 'express';
import { randomBytes } from 'node:crypto';

type Ctx = { now(): number };
type State = 'open' | 'closed';
type StateReason = 'completed' | 'not_planned' | 'reopened' | null;
type Issue = {
  id: number;
  number: number;
  owner: string;
  repo: string;
  title: string;
  body: string | null;
  state: State;
  stateReason: StateReason;
  labels: string[];
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
};
type FieldError = { resource: 'Issue'; field: string; code: 'missing_field' | 'invalid' };

const API = 'https://api.github.com';
const DOCS = 'https://docs.github.com/rest/issues/issues';

class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly errors?: FieldError[]) {
    super(message);
  }
}

/** GitHub writes timestamps as ISO 8601 in UTC without milliseconds. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function issueUrl(i: Issue): string {
  return `${API}/repos/${i.owner}/${i.repo}/issues/${i.number}`;
}

function view(i: Issue) {
  return {
    id: i.id,
    number: i.number,
    url: issueUrl(i),
    title: i.title,
    body: i.body,
    state: i.state,
    state_reason: i.stateReason,
    labels: i.labels.map((name) => ({ name })),
    comments: 0,
    created_at: isoSeconds(i.createdAt),
    updated_at: isoSeconds(i.updatedAt),
    closed_at: i.closedAt === null ? null : isoSeconds(i.closedAt),
  };
}

function isLabelList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string' && x.length > 0);
}

function requireAuth(req: Request, _res: Response, next: NextFunction): void {
  if (!/^(Bearer|token)\s+\S+$/i.test(req.get('Authorization') ?? '')) return next(new ApiError(401, 'Requires authentication'));
  next();
}

function positiveInt(v: unknown, fallback: number): number {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 1 ? n : fallback;
}

export default function register(app: express.Express, ctx: Ctx): void {
  const issues = new Map<string, Issue[]>(); // "owner/repo" -> issues by number - 1
  const ids = new Set<number>();
  let lastNumber = 0;

  function repoIssues(req: Request<{ owner: string; repo: string }>): Issue[] {
    const key = `${req.params.owner}/${req.params.repo}`;
    let list = issues.get(key);
    if (!list) issues.set(key, (list = []));
    return list;
  }

  function findIssue(req: Request<{ owner: string; repo: string; number: string }>): Issue {
    const list = repoIssues(req);
    const n = /^\d+$/.test(req.params.number) ? Number(req.params.number) : 0;
    const issue = list.find((i) => i.number === n);
    if (!issue) throw new ApiError(404, 'Not Found');
    return issue;
  }

  function newId(): number {
    let id: number;
    do id = randomBytes(6).readUIntBE(0, 6) + 1;
    while (ids.has(id));
    ids.add(id);
    return id;
  }

  const router = express.Router({ mergeParams: true });

  router.post('/', requireAuth, (req: Request<{ owner: string; repo: string }>, res) => {
    const b = req.body as Record<string, unknown> | undefined;
    const errors: FieldError[] = [];
    if (b?.title === undefined) errors.push({ resource: 'Issue', field: 'title', code: 'missing_field' });
    else if (typeof b.title !== 'string' || b.title.trim() === '') errors.push({ resource: 'Issue', field: 'title', code: 'invalid' });
    if (b?.body !== undefined && b.body !== null && typeof b.body !== 'string') errors.push({ resource: 'Issue', field: 'body', code: 'invalid' });
    if (b?.labels !== undefined && !isLabelList(b.labels)) errors.push({ resource: 'Issue', field: 'labels', code: 'invalid' });
    if (errors.length > 0) throw new ApiError(422, 'Validation Failed', errors);
    const list = repoIssues(req);
    const now = ctx.now();
    const issue: Issue = {
      id: newId(),
      number: ++lastNumber,
      owner: req.params.owner,
      repo: req.params.repo,
      title: b!.title as string,
      body: (b!.body as string | null | undefined) ?? null,
      state: 'open',
      stateReason: null,
      labels: [...new Set((b!.labels as string[] | undefined) ?? [])],
      createdAt: now,
      updatedAt: now,
      closedAt: null,
    };
    list.push(issue);
    res.status(201).location(issueUrl(issue)).json(view(issue));
  });

  router.get('/', (req: Request<{ owner: string; repo: string }>, res) => {
    const q = req.query as Record<string, string | undefined>;
    const state = q.state ?? 'open';
    if (!['open', 'closed', 'all'].includes(state)) throw new ApiError(422, 'Validation Failed', [{ resource: 'Issue', field: 'state', code: 'invalid' }]);
    const wanted = (q.labels ?? '').split(',').map((l) => l.trim()).filter(Boolean);
    const sort = q.sort === 'updated' ? 'updatedAt' : 'createdAt';
    const sign = q.direction === 'asc' ? 1 : -1;
    const perPage = Math.min(positiveInt(q.per_page, 30), 100);
    const page = positiveInt(q.page, 1);
    const matching = repoIssues(req)
      .filter((i) => state === 'all' || i.state === state)
      .filter((i) => wanted.every((l) => i.labels.includes(l)))
      .sort((a, b) => sign * (a[sort] - b[sort] || a.number - b.number));
    const lastPage = Math.max(1, Math.ceil(matching.length / perPage));
    if (lastPage > 1) {
      const link = (p: number, rel: string) => {
        const params = new URLSearchParams(req.query as Record<string, string>);
        params.set('page', String(p));
        return `<${API}${req.baseUrl}?${params}>; rel="${rel}"`;
      };
      const links: string[] = [];
      if (page > 1) links.push(link(Math.min(page - 1, lastPage), 'prev'));
      if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
      if (page > 1) links.push(link(1, 'first'));
      res.set('Link', links.join(', '));
    }
    res.json(matching.slice((page - 1) * perPage, page * perPage).map(view));
  });

  router.get('/:number', (req: Request<{ owner: string; repo: string; number: string }>, res) => {
    res.json(view(findIssue(req)));
  });

  router.patch('/:number', requireAuth, (req: Request<{ owner: string; repo: string; number: string }>, res) => {
    const issue = findIssue(req);
    const b = (req.body ?? {}) as Record<string, unknown>;
    const errors: FieldError[] = [];
    if (b.title !== undefined && (typeof b.title !== 'string' || b.title.trim() === '')) errors.push({ resource: 'Issue', field: 'title', code: 'invalid' });
    if (b.body !== undefined && b.body !== null && typeof b.body !== 'string') errors.push({ resource: 'Issue', field: 'body', code: 'invalid' });
    if (b.state !== undefined && b.state !== 'open' && b.state !== 'closed') errors.push({ resource: 'Issue', field: 'state', code: 'invalid' });
    if (b.state_reason !== undefined && b.state_reason !== null && !['completed', 'not_planned', 'reopened'].includes(b.state_reason as string)) {
      errors.push({ resource: 'Issue', field: 'state_reason', code: 'invalid' });
    }
    if (b.labels !== undefined && !isLabelList(b.labels)) errors.push({ resource: 'Issue', field: 'labels', code: 'invalid' });
    if (errors.length > 0) throw new ApiError(422, 'Validation Failed', errors);
    const now = ctx.now();
    if (b.title !== undefined) issue.title = b.title as string;
    if (b.body !== undefined) issue.body = b.body as string | null;
    if (b.labels !== undefined) issue.labels = [...new Set(b.labels as string[])];
    if (b.state === 'closed' && issue.state === 'open') {
      issue.state = 'closed';
      issue.closedAt = now;
      issue.stateReason = (b.state_reason as StateReason) ?? 'completed';
    } else if (b.state === 'open' && issue.state === 'closed') {
      issue.state = 'open';
      issue.closedAt = null;
      issue.stateReason = 'reopened';
    } else if (b.state_reason !== undefined && issue.state === 'closed') {
      issue.stateReason = b.state_reason as StateReason;
    }
    issue.updatedAt = now;
    res.json(view(issue));
  });

  app.use(express.json());
  app.use('/repos/:owner/:repo/issues', router);

  app.use((_req, _res, next) => next(new ApiError(404, 'Not Found')));
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (err instanceof ApiError) {
      return res.status(err.status).json({ message: err.message, ...(err.errors ? { errors: err.errors } : {}), documentation_url: DOCS });
    }
    if ((err as { type?: string }).type === 'entity.parse.failed') return res.status(400).json({ message: 'Problems parsing JSON', documentation_url: DOCS });
    next(err);
  });
}
