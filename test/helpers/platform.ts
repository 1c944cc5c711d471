// Start the real platform on port 0 against the run's test database, and build accounts to log in with.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../server/config';
import { createLogger } from '../../server/logger';
import { startPlatform, type Platform, type PlatformOptions } from '../../server/platform';
import { userCreator } from '../../server/commands/userCreator';
import type { Role } from '../../server/auth/roles';
import { Client } from './client';
import { testDatabase } from './database';

// Test platforms sync no challenges unless a test asks for a folder: validating the whole bundled library
// would queue ahead of every test's own submissions.
const emptyChallengesDir = mkdtempSync(path.join(os.tmpdir(), 'assay-no-challenges-'));

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    CHALLENGES_DIR: emptyChallengesDir,
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: path.join(os.tmpdir(), `assay-test-${process.pid}`),
    SESSION_SECRET: 'test-secret-test-secret-test-secret',
    LOG_LEVEL: 'silent',
    RUNNER_PROCESSES: '1',
    ...overrides,
  });
}

export async function startTestPlatform(options: PlatformOptions & { env?: Record<string, string> } = {}): Promise<Platform> {
  const config = testConfig(options.env);
  return startPlatform(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), { db: await testDatabase(), ...options });
}

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex')}@example.test`;
}

export interface BuiltUser {
  id: number;
  email: string;
  password: string;
  role: Role;
}

export async function buildUser(platform: Platform, role: Role, password = 'correct horse battery'): Promise<BuiltUser> {
  const email = uniqueEmail(role);
  const row = await userCreator(platform.db.knex, { email, name: `Test ${role}`, role, password });
  return { id: row.id, email, password, role };
}

/** A client logged in as a new user of the given role. */
export async function loggedIn(platform: Platform, role: Role): Promise<{ client: Client; user: BuiltUser }> {
  const user = await buildUser(platform, role);
  const client = new Client(platform.url);
  const res = await client.post('/api/auth/login', { email: user.email, password: user.password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  return { client, user };
}
