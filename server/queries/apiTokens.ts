import type { Knex } from 'knex';
import type { ApiTokenRow } from '../commands/apiTokens';

/** A user's tokens, newest first; revoked ones stay listed (greyed out) so their last use can still be read. */
export function apiTokensOf(knex: Knex, userId: number): Promise<ApiTokenRow[]> {
  return knex('api_tokens')
    .where({ user_id: userId })
    .orderBy('id', 'desc')
    .select('id', 'user_id', 'name', 'prefix', 'scopes', 'created_at', 'expires_at', 'last_used_at', 'revoked_at');
}
