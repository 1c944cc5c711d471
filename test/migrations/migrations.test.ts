import assert from 'node:assert/strict';
import { migrateLatest, migrateRollback, migrationNames } from '../../server/migrate';
import { freshDatabase } from '../helpers/database';
import type { Database } from '../../server/db';

const TABLES = ['users', 'sessions', 'challenges', 'challenge_versions', 'assessments', 'assessment_challenges', 'invitations', 'drafts', 'submissions', 'judgements', 'test_results', 'submission_events', 'reviews', 'socket_io_attachments', 'rejudge_jobs', 'similarity_documents', 'similarity_fingerprints', 'similarity_pairs', 'similarity_backfills', 'integrity_events', 'code_snapshots', 'rejudge_items', 'validation_jobs', 'api_tokens', 'webhooks', 'webhook_deliveries', 'webhook_attempts', 'invitation_emails'];

async function tables(db: Database): Promise<string[]> {
  const rows = await db.knex('information_schema.tables').where({ table_schema: 'public' }).select('table_name');
  return rows.map((r: { table_name: string }) => r.table_name).filter((n: string) => !n.startsWith('knex_')).sort();
}

describe('migrations', () => {
  let db: Database;
  before(async function () {
    // A new embedded database is an initdb in WebAssembly: seconds, and many more on a loaded machine.
    this.timeout(120_000);
    db = await freshDatabase();
  });
  after(() => db.close());

  it('up creates the whole data model, down removes it exactly, and up again works', async () => {
    assert.deepEqual(await migrateLatest(db.knex), migrationNames);
    assert.deepEqual(await tables(db), [...TABLES].sort());
    assert.deepEqual(await migrateLatest(db.knex), [], 'a second run applies nothing');

    const undone = await migrateRollback(db.knex, true);
    assert.deepEqual([...undone].sort(), [...migrationNames].sort());
    assert.deepEqual(await tables(db), []);

    assert.deepEqual(await migrateLatest(db.knex), migrationNames);
    assert.deepEqual(await tables(db), [...TABLES].sort());
  });

  it('rejects a role outside the four, and cascades a challenge to its versions', async () => {
    await assert.rejects(db.knex('users').insert({ email: 'x@y.z', name: 'x', role: 'wizard' }));
    const [c] = await db.knex('challenges').insert({ slug: 'cascade-test', title: 'T', kind: 'api', difficulty: 'junior' }).returning('id');
    await db.knex('challenge_versions').insert({ challenge_id: c.id, version: 1, content_hash: 'h', files: '{}', spec: '{}' });
    await db.knex('challenges').where({ id: c.id }).delete();
    assert.equal((await db.knex('challenge_versions').where({ challenge_id: c.id })).length, 0);
  });
});
