import type { Knex } from 'knex';
import { conflict } from '../errors';
import { hashPassword } from '../auth/password';
import type { Role } from '../auth/roles';

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  password?: string;
}

export async function userCreator(knex: Knex, input: NewUser) {
  const email = input.email.toLowerCase();
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  try {
    const [row] = await knex('users')
      .insert({ email, name: input.name, role: input.role, password_hash: passwordHash })
      .returning(['id', 'email', 'name', 'role', 'created_at']);
    return row as { id: number; email: string; name: string; role: Role; created_at: Date };
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw conflict(`a user with email ${email} already exists`);
    throw err;
  }
}
