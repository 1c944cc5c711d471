// Sources for the similarity tests: one solution, the same solution with every name changed, and an
// independent solution of the same task written differently.
export const STARTER = `// Inventory API: see the statement.
export default function register(app: any, ctx: any) {
  app.get('/items', (req: any, res: any) => {
    res.json([]);
  });
}
`;

export const ORIGINAL = `// Inventory API: see the statement.
export default function register(app: any, ctx: any) {
  app.get('/items', (req: any, res: any) => {
    res.json([]);
  });

  const stock = new Map<string, number>();

  function parseQuantity(value: unknown): number | undefined {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return undefined;
    return value;
  }

  app.put('/stock/:sku', (req: any, res: any) => {
    const quantity = parseQuantity(req.body?.quantity);
    if (quantity === undefined) return res.status(400).json({ error: 'invalid quantity' });
    const existed = stock.has(req.params.sku);
    stock.set(req.params.sku, quantity);
    res.status(existed ? 200 : 201).json({ sku: req.params.sku, quantity });
  });

  app.get('/stock/:sku', (req: any, res: any) => {
    const quantity = stock.get(req.params.sku);
    if (quantity === undefined) return res.status(404).json({ error: 'unknown sku' });
    res.json({ sku: req.params.sku, quantity });
  });
}
`;

// Same structure, every identifier and message renamed, comments and layout changed.
export const RENAMED = `/* my take */
export default function setup(server: any, context: any) {
  server.get('/items', (rq: any, rs: any) => {
    rs.json([]);
  });

  const inventoryLevels = new Map<string, number>();
  function toCount(input: unknown): number | undefined {
    if (typeof input !== 'number' || !Number.isInteger(input) || input < 0) return undefined;
    return input;
  }
  // store a level
  server.put('/stock/:sku', (request: any, response: any) => {
    const amount = toCount(request.body?.quantity);
    if (amount === undefined) return response.status(400).json({ error: 'quantity must be a non-negative integer' });
    const wasThere = inventoryLevels.has(request.params.sku);
    inventoryLevels.set(request.params.sku, amount);
    response.status(wasThere ? 200 : 201).json({ sku: request.params.sku, quantity: amount });
  });
  server.get('/stock/:sku', (request: any, response: any) => {
    const amount = inventoryLevels.get(request.params.sku);
    if (amount === undefined) return response.status(404).json({ error: 'not found' });
    response.json({ sku: request.params.sku, quantity: amount });
  });
}
`;

// An independent solution: a class, a switch on the method, different validation.
export const DIFFERENT = `// Inventory API: see the statement.
export default function register(app: any, ctx: any) {
  app.get('/items', (req: any, res: any) => {
    res.json([]);
  });

  class Ledger {
    private entries: Record<string, number> = {};
    read(key: string) {
      return Object.prototype.hasOwnProperty.call(this.entries, key) ? this.entries[key] : null;
    }
    write(key: string, n: number) {
      const fresh = !(key in this.entries);
      this.entries[key] = n;
      return fresh;
    }
  }
  const ledger = new Ledger();

  app.use('/stock/:sku', async (req: any, res: any, next: any) => {
    switch (req.method) {
      case 'GET': {
        const n = ledger.read(req.params.sku);
        return n === null ? res.status(404).json({ error: 'no such sku' }) : res.json({ sku: req.params.sku, quantity: n });
      }
      case 'PUT': {
        const n = Number(req.body && req.body.quantity);
        if (!(n >= 0) || Math.floor(n) !== n) {
          res.status(400);
          return res.json({ error: 'bad quantity' });
        }
        const created = ledger.write(req.params.sku, n);
        res.status(created ? 201 : 200);
        return res.json({ sku: req.params.sku, quantity: n });
      }
      default:
        return next();
    }
  });
}
`;

export const SQL_ORIGINAL = `-- second highest salary
SELECT MAX(e.salary) AS second_highest
FROM employees e
WHERE e.salary < (SELECT MAX(salary) FROM employees);
`;

export const SQL_RENAMED = `select max(emp.salary) as runner_up
from   employees emp
where  emp.salary < (select max(salary) from employees) ;`;

export const SQL_DIFFERENT = `WITH ranked AS (
  SELECT salary, DENSE_RANK() OVER (ORDER BY salary DESC) AS r FROM employees
)
SELECT (SELECT salary FROM ranked WHERE r = 2 LIMIT 1) AS second_highest;
`;
