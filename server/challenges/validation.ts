// Validating a stored version and keeping the result on its row: the report, the SQL reference results
// (`expected`, which judging then uses instead of recomputing), the valid flag and when. A version that has
// been published is frozen: it is never validated again, so a noisy re-run cannot unpublish a challenge.
import type { Knex } from 'knex';
import { ChallengeFormatError, parseChallenge, type ChallengeFiles } from '../../runner/challenge';
import { getKind, isKind } from '../../runner/kinds';
import type { Runner } from '../../runner/types';
import { formatErrorReport, validateChallenge, type ValidationProgress, type ValidationReport } from '../../runner/validate';
import { challengePublisher } from '../commands/challengePublisher';
import { conflict, notFound } from '../errors';
import type { Logger } from '../logger';
import { forgetChallengeVersion } from './versionLoader';
import type { VersionRow } from '../rows';

export interface ValidationDeps {
  knex: Knex;
  runner: Runner;
  logger: Logger;
}

export interface ValidationOutcome {
  versionId: number;
  report: ValidationReport;
  valid: boolean;
  /** Set when this validation made the version current (files-sourced challenges publish themselves). */
  published: boolean;
  /** The platform was closing: nothing was stored. */
  abandoned?: boolean;
}

export interface ValidateVersionOptions {
  onProgress?: (event: ValidationProgress) => void;
  /** Publish when valid (files-sourced challenges). */
  autoPublish?: boolean;
  /** Checked when the runner answers: a platform that is closing stores nothing (its runner failed every job). */
  stopped?: () => boolean;
}

// One validation per version at a time: a second request waits for the first one's result.
const inflight = new Map<number, Promise<ValidationOutcome>>();

export function validateChallengeVersion(deps: ValidationDeps, versionId: number, options: ValidateVersionOptions = {}): Promise<ValidationOutcome> {
  const running = inflight.get(versionId);
  if (running) return running;
  const p = validateOnce(deps, versionId, options).finally(() => inflight.delete(versionId));
  inflight.set(versionId, p);
  return p;
}

export function validationRunning(versionId: number): boolean {
  return inflight.has(versionId);
}

async function validateOnce(deps: ValidationDeps, versionId: number, options: ValidateVersionOptions): Promise<ValidationOutcome> {
  const { knex, runner, logger } = deps;
  const row: (VersionRow & { slug: string }) | undefined = await knex('challenge_versions as v')
    .join('challenges as c', 'c.id', 'v.challenge_id')
    .where('v.id', versionId)
    .first('v.*', 'c.slug');
  if (!row) throw notFound(`challenge version ${versionId} not found`);
  if (row.published_at) throw conflict(`version ${row.version} of ${row.slug} is published and frozen; its stored report stands`);

  let report: ValidationReport;
  try {
    const challenge = parseChallenge(row.files as ChallengeFiles);
    report = await validateChallenge(challenge, runner, { onProgress: options.onProgress });
  } catch (err) {
    // The format may have tightened since the version was stored: a failed report, not a crash.
    if (!(err instanceof ChallengeFormatError)) throw err;
    report = formatErrorReport(row.slug, row.content_hash, err, 0);
  }
  if (options.stopped?.()) return { versionId, report, valid: false, published: false, abandoned: true };

  const { expected, ...stored } = report;
  await knex('challenge_versions')
    .where({ id: versionId })
    .update({
      validation: JSON.stringify(stored),
      expected: expected ? JSON.stringify(expected) : null,
      valid: report.ok,
      validated_at: knex.fn.now(),
    });
  forgetChallengeVersion(versionId);
  logger.info({ slug: row.slug, version: row.version, ok: report.ok, wallMs: report.wallMs, errors: report.errors }, 'challenge version validated');

  let published = false;
  if (report.ok && options.autoPublish) {
    published = (await challengePublisher(knex, { challengeId: row.challenge_id, versionId, automatic: true })) !== null;
  }
  return { versionId, report, valid: report.ok, published };
}

/** The stored report of a version, or null when it was never validated. */
export function storedValidation(row: VersionRow): { report: ValidationReport; valid: boolean; validatedAt: string } | null {
  if (!row.validated_at || !row.validation) return null;
  return { report: row.validation as ValidationReport, valid: row.valid, validatedAt: new Date(row.validated_at).toISOString() };
}

/** A synced version that needs validating, as the library run orders it. */
export interface LibraryItem {
  slug: string;
  versionId: number;
  kind: string;
  /** The challenge already has a published version (candidates can use it meanwhile). */
  hasCurrent: boolean;
}

export interface LibraryValidation {
  validated: number;
  valid: number;
  published: number;
  failed: string[];
  wallMs: number;
}

export interface LibraryRun {
  /** Resolves when every item has been validated (or the run was stopped). */
  validated: Promise<LibraryValidation>;
  /** Resolves when each of these slugs has been validated or is not in the run (or the run stopped). */
  settled(slugs: readonly string[]): Promise<void>;
  /** Start no more validations; whatever is running is not stored (the runner is closing under it). */
  stop(): void;
}

export interface LibraryOptions {
  /**
   * Validations at a time. A SQL validation holds PGlite instances in a runner process, so this bounds memory
   * as much as CPU: 2 keeps both cores of a laptop busy without stacking a dataset instance per challenge.
   */
  concurrency?: number;
  /** Slugs validated before everything else, in this order (the demo assessment's challenges on a first start). */
  first?: readonly string[];
}

/**
 * Validate (and publish when valid) a set of versions, `concurrency` at a time. After `first`, challenges nobody
 * can use yet come before new versions of published ones, and kinds judged directly (API: seconds) before kinds that
 * precompute results from their reference first (SQL).
 */
function precomputes(kind: string): boolean {
  return isKind(kind) && getKind(kind).precomputed !== undefined;
}

export function validateLibrary(deps: ValidationDeps, items: readonly LibraryItem[], options: LibraryOptions = {}): LibraryRun {
  const started = performance.now();
  const first = options.first ?? [];
  const rank = (slug: string) => (first.includes(slug) ? first.indexOf(slug) : first.length);
  const pending = [...items].sort(
    (a, b) =>
      rank(a.slug) - rank(b.slug) ||
      Number(a.hasCurrent) - Number(b.hasCurrent) ||
      Number(precomputes(a.kind)) - Number(precomputes(b.kind)) ||
      a.slug.localeCompare(b.slug),
  );
  const waiting = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  for (const item of pending) {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    waiting.set(item.slug, { promise, resolve });
  }
  const settle = (slug: string) => waiting.get(slug)?.resolve();
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
      } finally {
        settle(next.slug);
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker);
  const validated = Promise.all(workers).then(() => {
    for (const slug of waiting.keys()) settle(slug);
    result.wallMs = Math.round(performance.now() - started);
    if (!stopped && result.validated > 0) {
      const level = result.failed.length ? 'warn' : 'info';
      deps.logger[level]({ ...result }, 'challenge library validated');
    }
    return result;
  });
  return {
    validated,
    async settled(slugs) {
      await Promise.all(slugs.map((slug) => waiting.get(slug)?.promise));
    },
    stop() {
      stopped = true;
    },
  };
}
