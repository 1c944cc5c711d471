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

// Lenient parsing: anything unparsable falls back to a default, out-of-range sizes are clamped.
export default function register(app: App, _ctx: Ctx): void {
  app.get('/products', (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const page = Math.max(1, parseInt(q.page ?? '1', 10) || 1);
    const pageSize = Math.min(50, Math.max(1, parseInt(q.pageSize ?? '10', 10) || 10));
    const minPrice = q.minPrice !== undefined && !isNaN(Number(q.minPrice)) ? Number(q.minPrice) : -Infinity;
    const maxPrice = q.maxPrice !== undefined && !isNaN(Number(q.maxPrice)) ? Number(q.maxPrice) : Infinity;
    const keys = (q.sort ?? 'id')
      .split(',')
      .filter((k) => ['id', 'name', 'price', '-id', '-name', '-price'].includes(k))
      .map((k) => ({ field: k.replace('-', '') as 'id' | 'name' | 'price', dir: k.startsWith('-') ? -1 : 1 }));
    const items = PRODUCTS.filter((p) => (!q.category || p.category === q.category) && p.price >= minPrice && p.price <= maxPrice).sort(
      (a, b) => {
        for (const { field, dir } of keys) if (a[field] !== b[field]) return (a[field] < b[field] ? -1 : 1) * dir;
        return a.id - b.id;
      },
    );
    res.json({
      items: items.slice((page - 1) * pageSize, page * pageSize),
      page,
      pageSize,
      total: items.length,
      totalPages: Math.ceil(items.length / pageSize),
    });
  });
}
