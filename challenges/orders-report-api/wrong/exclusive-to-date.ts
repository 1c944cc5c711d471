// The platform's Express-like app, as far as this challenge needs it.
type Query = Record<string, string | string[] | undefined>;
type Req = { query: Query };
type Res = { status(code: number): Res; json(value: unknown): void };
type App = { get(path: string, handler: (req: Req, res: Res) => void | Promise<void>): void };
type Db = { query(sql: string, params: unknown[]): Promise<{ rows: Record<string, unknown>[]; fields: string[] }> };
type Ctx = { db: Db };

const STATUSES = ['pending', 'paid', 'shipped', 'cancelled'];
const MAX_PAGE_SIZE = 50;

class InvalidParameter extends Error {
  constructor(readonly parameter: string, message: string) {
    super(message);
  }
}

function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw new InvalidParameter(name, `${name} may be given only once`);
  return value;
}

function integer(query: Query, name: string, fallback: number, min: number, max: number): number {
  const raw = single(query, name);
  if (raw === undefined) return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= min && n <= max)) throw new InvalidParameter(name, `${name} must be an integer from ${min} to ${max}`);
  return n;
}

function date(query: Query, name: string): string | undefined {
  const raw = single(query, name);
  if (raw === undefined) return undefined;
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(raw) && new Date(`${raw}T00:00:00Z`).toISOString().startsWith(raw);
  if (!ok) throw new InvalidParameter(name, `${name} must be a date YYYY-MM-DD`);
  return raw;
}

// Mistake: `to` treated as exclusive, so orders placed on the last day are missing.
// One WHERE clause for both queries; every value is a bound parameter, never part of the SQL text.
const FILTER = `
  FROM orders o JOIN customers c ON c.id = o.customer_id
  WHERE ($1::text IS NULL OR o.status = $1)
    AND ($2::date IS NULL OR o.ordered_on >= $2::date)
    AND ($3::date IS NULL OR o.ordered_on < $3::date)
    AND ($4::text IS NULL OR strpos(lower(c.name), lower($4)) > 0)`;

export default function register(app: App, ctx: Ctx) {
  app.get('/reports/orders', async (req, res) => {
    let status: string | undefined, from: string | undefined, to: string | undefined, customer: string | undefined;
    let page: number, pageSize: number;
    try {
      status = single(req.query, 'status');
      if (status !== undefined && !STATUSES.includes(status))
        throw new InvalidParameter('status', `status must be one of ${STATUSES.join(', ')}`);
      from = date(req.query, 'from');
      to = date(req.query, 'to');
      if (from && to && from > to) throw new InvalidParameter('to', 'to must not be before from');
      customer = single(req.query, 'customer');
      if (customer === '') throw new InvalidParameter('customer', 'customer must not be empty');
      page = integer(req.query, 'page', 1, 1, 1_000_000);
      pageSize = integer(req.query, 'pageSize', 10, 1, MAX_PAGE_SIZE);
    } catch (e) {
      if (!(e instanceof InvalidParameter)) throw e;
      return res.status(400).json({ error: { code: 'invalid_parameter', parameter: e.parameter, message: e.message } });
    }
    const filters = [status ?? null, from ?? null, to ?? null, customer ?? null];
    const summary = await ctx.db.query(
      `SELECT count(DISTINCT o.customer_id)::int AS customers, coalesce(sum(o.total), 0) AS grand_total ${FILTER}`,
      filters,
    );
    const pageRows = await ctx.db.query(
      `SELECT c.id, c.name, count(*)::int AS orders, sum(o.total) AS total ${FILTER}
       GROUP BY c.id, c.name
       ORDER BY total DESC, c.id
       LIMIT $5 OFFSET $6`,
      [...filters, pageSize, (page - 1) * pageSize],
    );
    const totalCustomers = Number(summary.rows[0].customers);
    res.json({
      items: pageRows.rows.map((r) => ({ customerId: r.id, customer: r.name, orders: r.orders, total: Number(r.total) })),
      page,
      pageSize,
      totalCustomers,
      totalPages: Math.ceil(totalCustomers / pageSize),
      grandTotal: Number(summary.rows[0].grand_total),
    });
  });
}
