// On the first start of an empty database (never in production) one demo account per role is created and
// its password printed once.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { userCreator } from './commands/userCreator';
import type { Role } from './auth/roles';

export interface DemoAccount {
  role: Role;
  email: string;
  password: string;
}

export async function createDemoAccounts(knex: Knex): Promise<DemoAccount[] | null> {
  const [{ count }] = await knex('users').count<{ count: string | number }[]>({ count: '*' });
  if (Number(count) > 0) return null;
  const accounts: DemoAccount[] = [];
  for (const role of ['admin', 'recruiter', 'author', 'candidate'] as const) {
    const account = { role, email: `${role}@assay.local`, password: `${role}-${randomBytes(6).toString('base64url')}` };
    await userCreator(knex, { email: account.email, name: `Demo ${role}`, role, password: account.password });
    accounts.push(account);
  }
  return accounts;
}
