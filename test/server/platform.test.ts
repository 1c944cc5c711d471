import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../server/config';
import { createLogger } from '../../server/logger';
import { startPlatform } from '../../server/platform';
import { Client } from '../helpers/client';
import { freshDatabase } from '../helpers/database';
import { testConfig } from '../helpers/platform';

describe('the platform', () => {
  it('refuses a production start without SESSION_SECRET', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), ConfigError);
    assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT/);
  });

  it('demo accounts on first start only, and the embedded store survives a restart', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'assay-persist-'));
    try {
      const config = testConfig({ DATA_DIR: dataDir });
      const first = await startPlatform(config, createLogger('silent'));
      assert.equal(first.db.dialect, 'pglite');
      assert.equal(first.demoAccounts?.length, 4);
      const recruiter = first.demoAccounts!.find((a) => a.role === 'recruiter')!;
      const admin = first.demoAccounts!.find((a) => a.role === 'admin')!;
      const client = new Client(first.url);
      assert.equal((await client.post('/api/auth/login', { email: admin.email, password: admin.password })).status, 200);
      const created = await client.post('/api/users', { email: 'kept@example.test', name: 'Kept', role: 'author', password: 'kept password 1' });
      assert.equal(created.status, 201);
      await first.close();

      const second = await startPlatform(config, createLogger('silent'));
      try {
        assert.equal(second.demoAccounts, null, 'demo accounts are created once');
        const again = new Client(second.url);
        assert.equal((await again.post('/api/auth/login', { email: recruiter.email, password: recruiter.password })).status, 200);
        assert.equal((await again.post('/api/auth/login', { email: 'kept@example.test', password: 'kept password 1' })).status, 200);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('production creates no demo accounts', async () => {
    const db = await freshDatabase();
    try {
      const platform = await startPlatform(testConfig({ NODE_ENV: 'production' }), createLogger('silent'), { db });
      try {
        assert.equal(platform.demoAccounts, null);
        assert.equal(Number((await platform.db.knex('users').count({ n: '*' }))[0].n), 0);
      } finally {
        await platform.close();
      }
    } finally {
      await db.close();
    }
  });
});
