// A token as its owner sees it: never the secret or its hash, only the prefix that tells tokens apart.
import type { ApiTokenRow } from '../commands/apiTokens';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function presentApiToken(r: ApiTokenRow) {
  const expired = r.expires_at !== null && new Date(r.expires_at).getTime() <= Date.now();
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scopes: typeof r.scopes === 'string' ? (JSON.parse(r.scopes) as string[]) : r.scopes,
    createdAt: iso(r.created_at),
    expiresAt: iso(r.expires_at),
    lastUsedAt: iso(r.last_used_at),
    revokedAt: iso(r.revoked_at),
    state: r.revoked_at ? 'revoked' : expired ? 'expired' : 'active',
  };
}
