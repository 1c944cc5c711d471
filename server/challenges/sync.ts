// The challenges folder (CHALLENGES_DIR) into the database at start. Storing versions is quick and done
// before the server listens; judging the references and wrong solutions takes seconds per challenge, so it
// runs as validation jobs (validation.ts), which any worker takes, a couple at a time per process. A folder
// that validates is published; until then its challenge keeps its previous current version (or none). A
// malformed folder is logged with its file, field and line and skipped: it never stops the start.
//
// Once per cluster: every server syncs at start, but under one lock (JudgeQueue.exclusive), so N servers
// starting together store each version once and queue each validation once; the others find the versions
// stored and the validations queued, running or done, and follow the same jobs.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { ChallengeFormatError, listChallengeDirs, parseChallenge, readChallengeFiles } from '../../runner/challenge';
import { challengePublisher } from '../commands/challengePublisher';
import type { Logger } from '../logger';
import { createLocalQueue, type JudgeQueue } from '../judging/queue';
import { queueLibrary, watchLibrary, type LibraryOptions, type LibraryValidation, type ValidationDeps } from './validation';
import { storeChallengeVersion, VersionStoreError } from './versionStore';

export interface SyncedFolder {
  slug: string;
  versionId: number;
  version: number;
  created: boolean;
  /** A registered kind (runner/kinds). */
  kind: string;
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

export type { LibraryValidation };

export interface ChallengeSync {
  summary: SyncSummary;
  /** Resolves when every synced version that needed it has been validated (or the sync was stopped). */
  validated: Promise<LibraryValidation>;
  /** Resolves when each of these slugs has been validated or needed no validation (or the sync was stopped). */
  settled(slugs: readonly string[]): Promise<void>;
  /** Start no more validations; whatever is running is not stored (the runner is closing under it). */
  stop(): void;
}

/**
 * Sync now, validate as jobs (`first` before the others). Without a platform queue (tools, tests) the run has a
 * local queue of its own, `concurrency` validations at a time, closed when the run ends or stops.
 */
export async function startChallengeSync(
  deps: ValidationDeps & { queue?: JudgeQueue },
  dir: string,
  options: LibraryOptions & { /** false: store versions only (nothing new is published). */ validate?: boolean } = {},
): Promise<ChallengeSync> {
  const own = deps.queue ? undefined : createLocalQueue(deps, { concurrency: 0, validations: options.concurrency });
  const queue = deps.queue ?? own!;
  // What another server validates while this one waits for the lock is not validated again.
  const { rows } = (await deps.knex.raw('select now() as now')) as { rows: Array<{ now: Date | string }> };
  const since = new Date(rows[0].now);
  const { summary, jobs } = await queue.exclusive('challenge-sync', async () => {
    const summary = await syncChallengesFromDir(deps, dir);
    const pending = summary.synced.filter((s) => !s.valid && options.validate !== false);
    return { summary, jobs: await queueLibrary({ knex: deps.knex, queue }, pending, { ...options, since }) };
  });
  const run = watchLibrary(deps.knex, jobs, { onStop: () => void own?.close(0) });
  if (own) void run.validated.finally(() => own.close(0));
  // The line operators (and the memory bench) wait for: the library this server synced has settled, wherever it ran.
  let stopped = false;
  void run.validated.then(
    (result) => {
      if (stopped || result.validated === 0) return;
      deps.logger[result.failed.length ? 'warn' : 'info']({ ...result }, 'challenge library validated');
    },
    () => undefined,
  );
  const stop = () => {
    stopped = true;
    return run.stop();
  };
  return { summary, validated: run.validated, settled: run.settled, stop };
}
