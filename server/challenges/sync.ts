// The challenges folder (CHALLENGES_DIR) into the database at start. Storing versions is quick and done
// before the server listens; judging the references and wrong solutions takes seconds per challenge, so it
// runs after listen, in the background, a couple of challenges at a time. A folder that validates is
// published; until then its challenge keeps its previous current version (or none). A malformed folder is
// logged with its file, field and line and skipped: it never stops the start.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { ChallengeFormatError, listChallengeDirs, parseChallenge, readChallengeFiles } from '../../runner/challenge';
import { challengePublisher } from '../commands/challengePublisher';
import type { Logger } from '../logger';
import { validateChallengeVersion, type ValidationDeps } from './validation';
import { storeChallengeVersion, VersionStoreError } from './versionStore';

export interface SyncedFolder {
  slug: string;
  versionId: number;
  version: number;
  created: boolean;
  kind: 'api' | 'sql';
  /** Already valid: needs no validation. */
  valid: boolean;
  hasCurrent: boolean;
}

export interface SkippedFolder {
  folder: string;
  reason: string;
  file?: string;
  field?: string;
  line?: number;
}

export interface SyncSummary {
  synced: SyncedFolder[];
  skipped: SkippedFolder[];
  wallMs: number;
}

export async function syncChallengesFromDir(deps: { knex: Knex; logger: Logger }, dir: string): Promise<SyncSummary> {
  const started = performance.now();
  const { knex, logger } = deps;
  const synced: SyncedFolder[] = [];
  const skipped: SkippedFolder[] = [];
  if (!existsSync(dir)) {
    logger.warn({ dir }, 'the challenges folder does not exist: no challenges synced');
    return { synced, skipped, wallMs: 0 };
  }
  for (const folder of await listChallengeDirs(dir)) {
    const name = path.basename(folder);
    try {
      const files = await readChallengeFiles(folder);
      const challenge = parseChallenge(files);
      if (challenge.slug !== name) {
        const line = files['challenge.yaml'].split('\n').findIndex((l) => /^slug\s*:/.test(l)) + 1;
        throw new ChallengeFormatError('challenge.yaml', 'slug', line || undefined, `the slug "${challenge.slug}" differs from the folder name "${name}"`);
      }
      const stored = await storeChallengeVersion(knex, { challenge, files, source: 'files', userId: null, mode: 'sync' });
      let current = stored.challenge.current_version_id;
      // Folder content that was valid before (e.g. an edit reverted) needs no new judging, only publishing.
      if (stored.version.valid && current !== stored.version.id) {
        const published = await challengePublisher(knex, { challengeId: stored.challenge.id, versionId: stored.version.id, automatic: true });
        if (published) current = stored.version.id;
      }
      synced.push({
        slug: challenge.slug,
        versionId: stored.version.id,
        version: stored.version.version,
        created: stored.created,
        kind: challenge.meta.kind,
        valid: stored.version.valid,
        hasCurrent: current !== null,
      });
      if (stored.created) logger.info({ slug: challenge.slug, version: stored.version.version }, 'challenge version stored from files');
    } catch (err) {
      if (err instanceof ChallengeFormatError) {
        const entry = { folder: name, reason: err.detail, file: err.file, field: err.field, line: err.line };
        skipped.push(entry);
        logger.error(entry, `challenge folder skipped: ${name}/${err.message}`);
      } else if (err instanceof VersionStoreError) {
        skipped.push({ folder: name, reason: err.message });
        logger.error({ folder: name, reason: err.message }, `challenge folder skipped: ${err.message}`);
      } else {
        skipped.push({ folder: name, reason: err instanceof Error ? err.message : String(err) });
        logger.error({ err, folder: name }, 'challenge folder skipped: it could not be read or stored');
      }
    }
  }
  return { synced, skipped, wallMs: Math.round(performance.now() - started) };
}

export interface LibraryValidation {
  validated: number;
  valid: number;
  published: number;
  failed: string[];
  wallMs: number;
}

export interface ChallengeSync {
  summary: SyncSummary;
  /** Resolves when every synced version that needed it has been validated (or the sync was stopped). */
  validated: Promise<LibraryValidation>;
  /** Start no more validations; whatever is running is not stored (the runner is closing under it). */
  stop(): void;
}

/** Sync now, validate in the background (`concurrency` challenges at a time). */
export async function startChallengeSync(
  deps: ValidationDeps,
  dir: string,
  options: { concurrency?: number; /** false: store versions only (nothing new is published). */ validate?: boolean } = {},
): Promise<ChallengeSync> {
  const started = performance.now();
  const summary = await syncChallengesFromDir(deps, dir);
  // Challenges nobody can use yet come first, then new versions of ones already published; API challenges
  // validate in seconds, SQL ones (PGlite per dataset) in tens of seconds: the quick ones go first.
  const pending = summary.synced
    .filter((s) => !s.valid && options.validate !== false)
    .sort((a, b) => Number(a.hasCurrent) - Number(b.hasCurrent) || Number(a.kind === 'sql') - Number(b.kind === 'sql') || a.slug.localeCompare(b.slug));
  let stopped = false;
  const result: LibraryValidation = { validated: 0, valid: 0, published: 0, failed: [], wallMs: 0 };

  const worker = async () => {
    while (!stopped && pending.length > 0) {
      const next = pending.shift()!;
      try {
        const outcome = await validateChallengeVersion(deps, next.versionId, { autoPublish: true, stopped: () => stopped });
        if (outcome.abandoned) return;
        result.validated++;
        if (outcome.valid) result.valid++;
        else result.failed.push(next.slug);
        if (outcome.published) result.published++;
      } catch (err) {
        if (stopped) return;
        result.failed.push(next.slug);
        deps.logger.error({ err, slug: next.slug }, 'challenge validation failed to run');
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker);
  const validated = Promise.all(workers).then(() => {
    result.wallMs = Math.round(performance.now() - started);
    if (!stopped && result.validated > 0) {
      const level = result.failed.length ? 'warn' : 'info';
      deps.logger[level]({ ...result }, 'challenge library validated');
    }
    return result;
  });
  return {
    summary,
    validated,
    stop() {
      stopped = true;
    },
  };
}
