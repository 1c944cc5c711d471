// Storing a challenge's files as a version: the one place versions are numbered. A version is immutable and
// identified by its content hash, so the same files never make a second version; new content is max + 1.
import type { Knex } from 'knex';
import type { Challenge, ChallengeFiles } from '../../runner/challenge';

export interface ChallengeRow {
  id: number;
  slug: string;
  title: string;
  /** A registered kind (runner/kinds); the database accepts any string, parseChallenge checks it. */
  kind: string;
  difficulty: string;
  status: 'draft' | 'published' | 'archived';
  source: 'files' | 'api';
  current_version_id: number | null;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface VersionRow {
  id: number;
  challenge_id: number;
  version: number;
  content_hash: string;
  files: ChallengeFiles;
  spec: Challenge['meta'];
  validation: unknown;
  expected: unknown;
  valid: boolean;
  validated_at: Date | null;
  published_at: Date | null;
  created_by: number | null;
  created_at: Date;
}

/** Why a set of files cannot be stored for a slug; callers map it to an HTTP status or a log line. */
export class VersionStoreError extends Error {
  constructor(
    readonly reason: 'exists' | 'missing' | 'other_source' | 'archived' | 'kind_changed',
    message: string,
  ) {
    super(message);
    this.name = 'VersionStoreError';
  }
}

export interface StoreVersionInput {
  challenge: Challenge;
  files: ChallengeFiles;
  source: 'files' | 'api';
  userId: number | null;
  /** create: the slug must be new; update: it must exist; sync: either. */
  mode: 'create' | 'update' | 'sync';
}

export interface StoredVersion {
  challenge: ChallengeRow;
  version: VersionRow;
  created: boolean;
  /** The challenge row was inserted by this call. */
  challengeCreated: boolean;
}

const UNIQUE_VIOLATION = '23505';

export async function storeChallengeVersion(knex: Knex, input: StoreVersionInput): Promise<StoredVersion> {
  // Two writers may race for the same version number (two servers starting on one database): retry once.
  for (let attempt = 0; ; attempt++) {
    try {
      return await knex.transaction((trx) => storeOnce(trx, input));
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION && attempt < 2) continue;
      throw err;
    }
  }
}

async function storeOnce(trx: Knex.Transaction, input: StoreVersionInput): Promise<StoredVersion> {
  const { challenge, source } = input;
  const slug = challenge.slug;
  let row: ChallengeRow | undefined = await trx('challenges').where({ slug }).forUpdate().first();
  let challengeCreated = false;

  if (row && input.mode === 'create') throw new VersionStoreError('exists', `a challenge with slug "${slug}" already exists`);
  if (!row && input.mode === 'update') throw new VersionStoreError('missing', `no challenge "${slug}"`);
  if (row && row.source !== source) {
    throw new VersionStoreError(
      'other_source',
      row.source === 'files'
        ? `challenge "${slug}" comes from the challenges folder: edit its files there`
        : `challenge "${slug}" is authored through the API; the folder of that name is ignored`,
    );
  }
  if (row && row.kind !== challenge.meta.kind) {
    throw new VersionStoreError('kind_changed', `challenge "${slug}" is a ${row.kind} challenge; a version cannot change its kind`);
  }
  if (row && row.status === 'archived' && input.mode === 'update') {
    throw new VersionStoreError('archived', `challenge "${slug}" is archived`);
  }
  if (!row) {
    [row] = await trx('challenges')
      .insert({
        slug,
        title: challenge.meta.title,
        kind: challenge.meta.kind,
        difficulty: challenge.meta.difficulty,
        status: 'draft',
        source,
        created_by: input.userId,
      })
      .returning('*');
    challengeCreated = true;
  }

  const same: VersionRow | undefined = await trx('challenge_versions').where({ challenge_id: row!.id, content_hash: challenge.hash }).first();
  if (same) return { challenge: row!, version: same, created: false, challengeCreated };

  const { max } = (await trx('challenge_versions').where({ challenge_id: row!.id }).max('version as max').first()) as { max: number | null };
  const [version] = await trx('challenge_versions')
    .insert({
      challenge_id: row!.id,
      version: (max ?? 0) + 1,
      content_hash: challenge.hash,
      files: JSON.stringify(input.files),
      spec: JSON.stringify(challenge.meta),
      created_by: input.userId,
    })
    .returning('*');
  await trx('challenges').where({ id: row!.id }).update({ updated_at: trx.fn.now() });
  return { challenge: row!, version, created: true, challengeCreated };
}

export async function findChallenge(knex: Knex, slug: string): Promise<ChallengeRow | undefined> {
  return knex('challenges').where({ slug }).first();
}

export async function findVersion(knex: Knex, challengeId: number, version: number): Promise<VersionRow | undefined> {
  return knex('challenge_versions').where({ challenge_id: challengeId, version }).first();
}

export async function latestVersion(knex: Knex, challengeId: number): Promise<VersionRow | undefined> {
  return knex('challenge_versions').where({ challenge_id: challengeId }).orderBy('version', 'desc').first();
}
