// Challenges as staff list them: each with its shown version's spec (the current one, else the latest) and the
// latest version number; recruiters see the published catalogue only (isChallengeAuthor in server/auth/access.ts).
import type { Knex } from 'knex';
import type { VersionRow } from '../rows';

export interface CatalogueFilter {
  /** Drafts and archived challenges too (authors and admins). */
  withDrafts: boolean;
  status?: 'draft' | 'published' | 'archived';
  kind?: string;
}

export async function challengeCatalogue(knex: Knex, filter: CatalogueFilter) {
  const q = knex('challenges as c')
    .leftJoin('challenge_versions as v', function () {
      this.on(
        'v.id',
        '=',
        knex.raw('coalesce(c.current_version_id, (select id from challenge_versions lv where lv.challenge_id = c.id order by lv.version desc limit 1))'),
      );
    })
    .select('c.*', 'v.spec', 'v.version', knex.raw('(select max(version) from challenge_versions mv where mv.challenge_id = c.id) as latest_version'))
    .orderBy('c.title');
  if (!filter.withDrafts) q.where('c.status', 'published').whereNotNull('c.current_version_id');
  else if (filter.status) q.where('c.status', filter.status);
  if (filter.kind) q.where('c.kind', filter.kind);
  return q;
}

/** A challenge's versions, newest first. */
export function versionsOf(knex: Knex, challengeId: number): Promise<VersionRow[]> {
  return knex('challenge_versions').where({ challenge_id: challengeId }).orderBy('version', 'desc');
}
