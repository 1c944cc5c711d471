// One fresh database per test run: an in-memory PGlite by default, or a new database on the PostgreSQL
// server named by TEST_DATABASE_URL (created here, dropped when the run ends).
import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { openDatabase, type Database } from '../../server/db';
import { migrateLatest } from '../../server/migrate';

let shared: Promise<Database> | undefined;
const created: string[] = [];

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A new, empty database (not migrated). */
export async function freshDatabase(): Promise<Database> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return openDatabase({ dataDir: 'memory://' });
  const name = `assay_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
  try {
    await admin.raw(`create database ${name}`);
  } finally {
    await admin.destroy();
  }
  created.push(name);
  return openDatabase({ url: withDatabase(serverUrl, name), poolMax: 5 });
}

/** The run's shared, migrated database. Tests keep out of each other's way with unique emails. */
export function testDatabase(): Promise<Database> {
  shared ??= (async () => {
    const db = await freshDatabase();
    await migrateLatest(db.knex);
    return db;
  })();
  return shared;
}

after(async () => {
  if (shared) await (await shared).close();
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl || created.length === 0) return;
  const admin = knexFactory({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
  try {
    for (const name of created) await admin.raw(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.destroy();
  }
});
