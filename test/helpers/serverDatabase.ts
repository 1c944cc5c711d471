// Databases of their own on the PostgreSQL server of TEST_DATABASE_URL (or a bench's server): for the shared test
// database, and for tests and benches whose processes or libraries connect by URL (pg-boss, LISTEN, a cluster).
// Nothing here needs mocha, so the benches use it too.
import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { openDatabase, type Database } from '../../server/db';

export interface ServerDatabase {
  url: string;
  drop(): Promise<void>;
}

async function asAdmin(serverUrl: string, sql: string): Promise<void> {
  const admin = knexFactory({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
  try {
    await admin.raw(sql);
  } finally {
    await admin.destroy();
  }
}

/** A new, empty database on the server of `serverUrl`; `drop()` removes it. */
export async function createServerDatabase(serverUrl: string, prefix: string): Promise<ServerDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await asAdmin(serverUrl, `create database ${name}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => asAdmin(serverUrl, `drop database if exists ${name} with (force)`) };
}

export interface OpenServerDatabase {
  db: Database;
  url: string;
  /** Closes `db` and drops the database. */
  close(): Promise<void>;
}

/** A new, empty database on the server of `serverUrl`, open. */
export async function openServerDatabase(serverUrl: string, prefix: string): Promise<OpenServerDatabase> {
  const database = await createServerDatabase(serverUrl, prefix);
  const db = await openDatabase({ url: database.url });
  return {
    db,
    url: database.url,
    async close() {
      await db.close();
      await database.drop();
    },
  };
}
