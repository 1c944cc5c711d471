// Personal API tokens: create (the secret returned once, only its hash kept) and revoke. See auth/apiTokens.ts.
import type { Knex } from 'knex';
import { newApiToken } from '../auth/apiTokens';
import type { ApiTokenScope } from '../auth/access';
import { notFound } from '../errors';

export interface ApiTokenRow {
  id: number;
  user_id: number;
  name: string;
  prefix: string;
  scopes: ApiTokenScope[] | string;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export async function apiTokenCreator(knex: Knex, userId: number, input: { name: string; scopes: ApiTokenScope[]; expiresAt?: Date | null }): Promise<{ row: ApiTokenRow; token: string }> {
  const { token, prefix, hash } = newApiToken();
  const scopes = [...new Set(input.scopes)].sort();
  const [row]: ApiTokenRow[] = await knex('api_tokens')
    .insert({ user_id: userId, name: input.name, prefix, token_hash: hash, scopes: JSON.stringify(scopes), expires_at: input.expiresAt ?? null })
    .returning(['id', 'user_id', 'name', 'prefix', 'scopes', 'created_at', 'expires_at', 'last_used_at', 'revoked_at']);
  return { row, token };
}

/** Revoking is for good (a revoked token never comes back); revoking twice is harmless. */
export async function apiTokenRevoker(knex: Knex, userId: number, tokenId: number): Promise<void> {
  const n = await knex('api_tokens').where({ id: tokenId, user_id: userId }).update({ revoked_at: knex.raw('coalesce(revoked_at, now())') });
  if (n === 0) throw notFound('token not found');
}
