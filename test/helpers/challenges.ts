// A published challenge built straight from a folder under challenges/ (a challenges row with one valid
// version), without the sync: tests stay independent of which folders validate at start.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { contentHash, parseChallenge, readChallengeFiles, type Challenge, type ChallengeFiles } from '../../runner/challenge';
import type { Platform } from '../../server/platform';

export interface BuiltChallenge {
  id: number;
  versionId: number;
  /** The unique slug of the row (the folder's slug plus a suffix, since tests share one database). */
  slug: string;
  challenge: Challenge;
}

/** `edit` changes the folder's files first (e.g. a test order the bundled challenge does not have). */
export async function buildChallenge(platform: Platform, folder: string, edit?: (files: ChallengeFiles) => ChallengeFiles): Promise<BuiltChallenge> {
  const read = await readChallengeFiles(path.join('challenges', folder));
  const files = edit ? edit(read) : read;
  const challenge = parseChallenge(files);
  const knex = platform.db.knex;
  const slug = `${challenge.meta.slug}-${randomBytes(3).toString('hex')}`;
  return knex.transaction(async (trx) => {
    const [row] = await trx('challenges')
      .insert({ slug, title: challenge.meta.title, kind: challenge.meta.kind, difficulty: challenge.meta.difficulty, status: 'published', source: 'files' })
      .returning(['id']);
    const [version] = await trx('challenge_versions')
      .insert({
        challenge_id: row.id,
        version: 1,
        content_hash: contentHash(files),
        files: JSON.stringify(files),
        spec: JSON.stringify(challenge.meta),
        valid: true,
        validated_at: new Date(),
        published_at: new Date(),
      })
      .returning(['id']);
    await trx('challenges').where({ id: row.id }).update({ current_version_id: version.id });
    return { id: row.id, versionId: version.id, slug, challenge };
  });
}
