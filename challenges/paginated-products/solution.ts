// The platform's Express-like app, as far as this challenge needs it.
type Query = Record<string, string | string[] | undefined>;
type Req = { method: string; path: string; params: Record<string, string>; query: Query; headers: Record<string, string>; body: unknown };
type Res = { status(code: number): Res; json(value: unknown): void; set(name: string, value: string): Res; send(text: string): void; end(): void };
type App = { get(path: string, handler: (req: Req, res: Res) => void | Promise<void>): void };
type Ctx = { now(): number };

type Product = { id: number; name: string; category: string; price: number };

// The catalogue: fixed, read-only.
const PRODUCTS: Product[] = [
  { id: 1, name: 'Atlas of Rivers', category: 'books', price: 24 },
  { id: 2, name: 'Board Game Night', category: 'games', price: 39.9 },
  { id: 3, name: 'Claw Hammer', category: 'tools', price: 12 },
  { id: 4, name: 'Drip Hose', category: 'garden', price: 129.99 },
  { id: 5, name: 'Espresso Primer', category: 'books', price: 9.5 },
  { id: 6, name: 'Folding Ladder', category: 'tools', price: 1099 },
  { id: 7, name: 'Go Set', category: 'games', price: 89 },
  { id: 8, name: 'Hedge Shears', category: 'garden', price: 24 },
  { id: 9, name: 'Ink Drawing', category: 'books', price: 12 },
  { id: 10, name: 'Jigsaw', category: 'tools', price: 249 },
  { id: 11, name: 'Kite Kit', category: 'games', price: 15.25 },
  { id: 12, name: 'Leaf Rake', category: 'garden', price: 18 },
  { id: 13, name: 'Mahjong Tiles', category: 'games', price: 59 },
  { id: 14, name: 'Nail Gun', category: 'tools', price: 189.5 },
  { id: 15, name: 'Orchard Almanac', category: 'books', price: 31 },
  { id: 16, name: 'Potting Bench', category: 'garden', price: 310 },
  { id: 17, name: 'Quoits', category: 'games', price: 12 },
  { id: 18, name: 'Router Table', category: 'tools', price: 5 },
  { id: 19, name: 'Seed Tray', category: 'garden', price: 3.75 },
  { id: 20, name: 'Tide Tables', category: 'books', price: 100 },
];

const MAX_PAGE_SIZE = 50;
const SORT_FIELDS = ['id', 'name', 'price'] as const;
type SortField = (typeof SORT_FIELDS)[number];
type SortKey = { field: SortField; descending: boolean };

class InvalidParameter extends Error {
  constructor(readonly parameter: string, message: string) {
    super(message);
  }
}

/** One value per parameter: a repeated parameter is as invalid as a malformed one. */
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

function price(query: Query, name: string): number | undefined {
  const raw = single(query, name);
  if (raw === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(raw)) throw new InvalidParameter(name, `${name} must be a non-negative number`);
  return Number(raw);
}

function sortKeys(query: Query): SortKey[] {
  const raw = single(query, 'sort');
  if (raw === undefined) return [{ field: 'id', descending: false }];
  const keys: SortKey[] = [];
  for (const part of raw.split(',')) {
    const descending = part.startsWith('-');
    const field = (descending ? part.slice(1) : part) as SortField;
    if (!SORT_FIELDS.includes(field)) throw new InvalidParameter('sort', `sort keys are ${SORT_FIELDS.join(', ')}, optionally prefixed with -`);
    if (keys.some((k) => k.field === field)) throw new InvalidParameter('sort', `sort lists ${field} twice`);
    keys.push({ field, descending });
  }
  return keys;
}

function compareBy(keys: SortKey[]) {
  return (a: Product, b: Product): number => {
    for (const { field, descending } of keys) {
      const x = a[field];
      const y = b[field];
      if (x !== y) return (x < y ? -1 : 1) * (descending ? -1 : 1);
    }
    return a.id - b.id;
  };
}

export default function register(app: App, _ctx: Ctx): void {
  app.get('/products', (req, res) => {
    try {
      const page = integer(req.query, 'page', 1, 1, Number.MAX_SAFE_INTEGER);
      const pageSize = integer(req.query, 'pageSize', 10, 1, MAX_PAGE_SIZE);
      const category = single(req.query, 'category');
      if (category === '') throw new InvalidParameter('category', 'category must not be empty');
      const minPrice = price(req.query, 'minPrice');
      const maxPrice = price(req.query, 'maxPrice');
      if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice)
        throw new InvalidParameter('maxPrice', 'maxPrice must not be less than minPrice');
      const keys = sortKeys(req.query);

      const matching = PRODUCTS.filter(
        (p) =>
          (category === undefined || p.category === category) &&
          (minPrice === undefined || p.price >= minPrice) &&
          (maxPrice === undefined || p.price <= maxPrice),
      ).sort(compareBy(keys));
      const start = (page - 1) * pageSize;
      res.status(200).json({
        items: matching.slice(start, start + pageSize),
        page,
        pageSize,
        total: matching.length,
        totalPages: Math.ceil(matching.length / pageSize),
      });
    } catch (err) {
      if (!(err instanceof InvalidParameter)) throw err;
      res.status(400).json({ error: { code: 'invalid_parameter', parameter: err.parameter, message: err.message } });
    }
  });
}
