// npm run migrate / npm run migrate:rollback, on the configured database.
import { loadConfig } from '../config';
import { openDatabase } from '../db';
import { migrateLatest, migrateRollback } from '../migrate';

const command = process.argv[2];
const config = loadConfig();
const db = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : `${config.dataDir}/pg` });
try {
  if (command === 'latest') {
    const applied = await migrateLatest(db.knex);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'already up to date');
  } else if (command === 'rollback') {
    const undone = await migrateRollback(db.knex, process.argv.includes('--all'));
    console.log(undone.length ? `rolled back: ${undone.join(', ')}` : 'nothing to roll back');
  } else {
    console.error('usage: migrate.ts latest | rollback [--all]');
    process.exitCode = 2;
  }
} finally {
  await db.close();
}
