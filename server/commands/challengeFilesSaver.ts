// Authoring through the API: the same files as a challenge folder, sent as JSON. Creating makes the challenge
// (a draft) and its version 1; editing stores new content as the next version, unpublished and unvalidated.
// The files are checked with the runner's own parser, so a bad file is refused naming file, field and line.
import type { Knex } from 'knex';
import { ChallengeFormatError, parseChallenge, type Challenge, type ChallengeFiles } from '../../runner/challenge';
import { badRequest, conflict, HttpError, notFound } from '../errors';
import { storeChallengeVersion, VersionStoreError, type StoredVersion } from '../challenges/versionStore';

export function parseChallengeOrThrow(files: ChallengeFiles): Challenge {
  try {
    return parseChallenge(files);
  } catch (err) {
    if (err instanceof ChallengeFormatError) {
      throw badRequest(`invalid challenge: ${err.message}`, { file: err.file, field: err.field ?? null, line: err.line ?? null, detail: err.detail });
    }
    throw err;
  }
}

function storeErrorToHttp(err: unknown): unknown {
  if (!(err instanceof VersionStoreError)) return err;
  if (err.reason === 'missing') return notFound(err.message);
  if (err.reason === 'kind_changed') return badRequest(err.message);
  return conflict(err.message);
}

export interface ChallengeFilesInput {
  files: ChallengeFiles;
  userId: number;
  /** Editing this challenge; absent when creating. */
  slug?: string;
}

export async function challengeFilesSaver(knex: Knex, input: ChallengeFilesInput): Promise<StoredVersion> {
  const challenge = parseChallengeOrThrow(input.files);
  if (input.slug !== undefined && challenge.slug !== input.slug) {
    throw badRequest(`challenge.yaml says slug "${challenge.slug}" but this is challenge "${input.slug}": a slug cannot change`, {
      file: 'challenge.yaml',
      field: 'slug',
    });
  }
  try {
    return await storeChallengeVersion(knex, {
      challenge,
      files: challenge.files,
      source: 'api',
      userId: input.userId,
      mode: input.slug === undefined ? 'create' : 'update',
    });
  } catch (err) {
    const mapped = storeErrorToHttp(err);
    if (mapped instanceof HttpError) throw mapped;
    // A concurrent create of the same slug loses on the unique index.
    if ((err as { code?: string }).code === '23505') throw conflict(`a challenge with slug "${challenge.slug}" already exists`);
    throw err;
  }
}
