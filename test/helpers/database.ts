// One fresh database per test run: an in-memory PGlite by default, or a new database on the PostgreSQL
// server named by TEST_DATABASE_URL (created here, dropped when the run ends).
import { openDatabase, type Database } from '../../server/db';
import { migrateLatest } from '../../server/migrate';
import { createServerDatabase, type ServerDatabase } from './serverDatabase';

let shared: Promise<Database> | undefined;
const created: ServerDatabase[] = [];

/** A new, empty database (not migrated). */
export async function freshDatabase(): Promise<Database> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return openDatabase({ dataDir: 'memory://' });
  const database = await createServerDatabase(serverUrl, 'assay_test');
  created.push(database);
  return openDatabase({ url: database.url, poolMax: 5 });
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
  for (const database of created) await database.drop();
});
