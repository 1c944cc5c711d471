// knex on PostgreSQL: the embedded PGlite (default, stored in DATA_DIR) or a server through pg (DATABASE_URL).
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import { inOneOffNode, packagePath } from './oneOffNode';

export type Dialect = 'pglite' | 'pg';

export interface Database {
  knex: Knex;
  dialect: Dialect;
  /** A plain `query(text, params)` over the same connections, for libraries that speak pg's API (connect-pg-simple). */
  pgPool: { query(text: string, params?: unknown[]): Promise<{ rows: any[] }> };
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… for a server; otherwise PGlite. */
  url?: string;
  /** PGlite data directory; 'memory://' keeps it in memory. */
  dataDir?: string;
  /** pg pool size */
  poolMax?: number;
}

/**
 * The platform's database is small (thousands of candidates are tens of MB) and its files sit in the OS page cache:
 * PostgreSQL's default 128 MB of shared_buffers, which PGlite allocates and touches at start, is resident memory
 * the embedded platform does not need.
 */
const PGLITE_SETTINGS = ['shared_buffers=64MB'];

/**
 * initdb of a new data directory in a child process: PGlite's initdb leaves ~500 MB resident in the process that
 * ran it (its own WebAssembly module and memory, 711 MB RSS after a first start against 184 MB when the same
 * directory is reopened), which the server would then carry for its whole life.
 */
async function initDataDir(dir: string): Promise<void> {
  if (existsSync(path.join(dir, 'PG_VERSION'))) return;
  await inOneOffNode(`const { PGlite } = require(${JSON.stringify(packagePath('@electric-sql/pglite'))});
    const pg = new PGlite(${JSON.stringify(dir)});
    pg.waitReady.then(() => pg.close()).then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });`);
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  let knex: Knex;
  let dialect: Dialect;
  if (options.url) {
    dialect = 'pg';
    knex = knexFactory({
      client: 'pg',
      connection: options.url,
      pool: { min: 0, max: options.poolMax ?? 10 },
    });
  } else {
    dialect = 'pglite';
    const dataDir = options.dataDir ?? 'memory://';
    if (!dataDir.startsWith('memory://')) {
      mkdirSync(path.resolve(dataDir), { recursive: true });
      await initDataDir(path.resolve(dataDir));
    }
    const startParams = [...((PGlite as unknown as { defaultStartParams?: string[] }).defaultStartParams ?? []), ...PGLITE_SETTINGS.flatMap((s) => ['-c', s])];
    const pglite = new PGlite(dataDir.startsWith('memory://') ? dataDir : path.resolve(dataDir), { startParams });
    await pglite.waitReady;
    knex = knexFactory({
      client: ClientPgLite as unknown as typeof Knex.Client,
      dialect: 'postgres',
      connection: () => ({ pglite }) as object,
    });
  }
  // Through knex's own pool, so a query from connect-pg-simple waits for an open knex transaction on the
  // single PGlite connection instead of running inside it.
  const pgPool = {
    async query(text: string, params: unknown[] = []) {
      const conn = (await knex.client.acquireConnection()) as { query(t: string, p: unknown[]): Promise<{ rows: any[] }> };
      try {
        return await conn.query(text, params);
      } finally {
        await knex.client.releaseConnection(conn);
      }
    },
  };
  await knex.raw('select 1');
  return {
    knex,
    dialect,
    pgPool,
    close: () => knex.destroy(),
  };
}
