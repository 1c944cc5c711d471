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

export default function register(app: App, ctx: Ctx): void {
  app.get('/products', (req, res) => {
    // TODO: validate page, pageSize, category, minPrice, maxPrice and sort; filter, sort, paginate.
    res.status(200).json({ items: PRODUCTS.slice(0, 10), page: 1, pageSize: 10, total: PRODUCTS.length, totalPages: 2 });
  });
}
