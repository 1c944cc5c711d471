import assert from 'node:assert/strict';
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_CHALLENGES, prepareDemoAssessment } from '../../server/demoAssessment';
import { createLogger } from '../../server/logger';
import { startPlatform, type Platform } from '../../server/platform';
import type { Database } from '../../server/db';
import { Client } from '../helpers/client';
import { freshDatabase } from '../helpers/database';
import { testConfig } from '../helpers/platform';

describe('the demo assessment (first start)', () => {
  let db: Database;
  let platform: Platform;
  before(async function () {
    this.timeout(120_000);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'assay-demo-challenges-'));
    // One demo challenge (the SQL ones take longer to validate) and one that is not in the demo.
    cpSync('challenges/todo-crud', path.join(dir, 'todo-crud'), { recursive: true });
    cpSync('challenges/bearer-auth', path.join(dir, 'bearer-auth'), { recursive: true });
    db = await freshDatabase();
    platform = await startPlatform(testConfig({ CHALLENGES_DIR: dir }), createLogger('silent'), { db });
  });
  after(async () => {
    await platform.close();
    await db.close();
  });

  it('invites the demo candidate to an assessment of the demo recruiter, by link and by password', async () => {
    const accounts = platform.demoAccounts!;
    assert.equal(accounts.length, 4);
    const demo = await prepareDemoAssessment(platform.db.knex, platform.challenges, accounts, platform.url);
    assert.ok(demo, 'the demo assessment is created');
    assert.deepEqual(demo.challenges, ['todo-crud'], 'from the demo challenges that are published, and only those');
    assert.ok(DEMO_CHALLENGES.includes('todo-crud'));
    const link = demo.link;
    assert.ok(link.startsWith(`${platform.url}/invite/`));

    const candidate = accounts.find((a) => a.role === 'candidate')!;
    const byPassword = new Client(platform.url);
    assert.equal((await byPassword.post('/api/auth/login', { email: candidate.email, password: candidate.password })).status, 200);
    const view = await byPassword.get('/api/candidate/assessment');
    assert.equal(view.status, 200, view.text);
    assert.equal(view.body.assessment.title, 'Demo: backend engineer');

    const byLink = new Client(platform.url);
    const token = link.split('/invite/')[1];
    assert.equal((await byLink.post('/api/invitations/accept', { token })).status, 200);
    assert.equal((await byLink.get('/api/candidate/assessment')).status, 200);

    const recruiter = accounts.find((a) => a.role === 'recruiter')!;
    const staff = new Client(platform.url);
    await staff.post('/api/auth/login', { email: recruiter.email, password: recruiter.password });
    const list = await staff.get('/api/assessments');
    assert.equal(list.status, 200);
    assert.ok(JSON.stringify(list.body).includes('Demo: backend engineer'));
    await platform.challenges.validated;
  });

  it('creates nothing when the platform is stopping', async () => {
    const demo = await prepareDemoAssessment(platform.db.knex, platform.challenges, platform.demoAccounts!, platform.url, () => true);
    assert.equal(demo, null);
  });
});
