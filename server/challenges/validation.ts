// Validating a stored version and keeping the result on its row: the report, the SQL reference results
// (`expected`, which judging then uses instead of recomputing), the valid flag and when. A version that has
// been published is frozen: it is never validated again, so a noisy re-run cannot unpublish a challenge.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { ChallengeFormatError, parseChallenge, type ChallengeFiles } from '../../runner/challenge';
import { getKind, isKind } from '../../runner/kinds';
import type { Runner } from '../../runner/types';
import { formatErrorReport, validateChallenge, type ValidationProgress, type ValidationReport } from '../../runner/validate';
import { challengePublisher } from '../commands/challengePublisher';
import { conflict, HttpError, notFound } from '../errors';
import type { JobSender } from '../judging/jobs';
import { jobPinged, pingJob } from '../judging/jobSignals';
import { JudgingAbandoned } from '../judging/submissionJudge';
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

/** A line of a validation's progress, as POST …/validate streams it and validation_jobs.progress keeps it. */
export interface ValidationProgressLine {
  type: 'solution';
  role: string;
  ok: boolean;
  run: unknown;
}

type StoredOutcome = { valid: boolean; published: boolean; report: ValidationReport } | { error: { status: number; code: string; message: string } };

const json = <T>(v: T | string): T => (typeof v === 'string' ? JSON.parse(v) : v);

/**
 * Ask for a version's validation: a job in validation_jobs and on the queue, sent in one transaction, or the
 * validation already queued or running for that version (one per version across the cluster). Returns its id.
 */
export async function requestValidation(deps: { knex: Knex; queue: JobSender }, versionId: number, options: { autoPublish?: boolean; priority?: number } = {}): Promise<string> {
  const { knex, queue } = deps;
  for (let tries = 0; tries < 5; tries++) {
    const id = randomUUID();
    const created = await knex.transaction(async (trx) => {
      const { rows } = (await trx.raw(`insert into validation_jobs (id, version_id, auto_publish) values (?, ?, ?) on conflict do nothing returning id`, [
        id,
        versionId,
        Boolean(options.autoPublish),
      ])) as { rows: unknown[] };
      if (rows.length === 0) return false;
      await queue.send(trx, [{ kind: 'validate', jobId: id, priority: options.priority }]);
      return true;
    });
    if (created) return id;
    const active = await knex('validation_jobs').where({ version_id: versionId }).whereIn('status', ['queued', 'running']).first('id');
    if (active) return active.id;
  }
  throw new Error(`could not queue a validation of version ${versionId}`);
}

/** A validation's outcome once it ends, handing each progress line to `onProgress` as it is stored. */
export async function waitForValidation(knex: Knex, jobId: string, options: { onProgress?: (line: ValidationProgressLine) => void; pollMs?: number } = {}): Promise<ValidationOutcome> {
  let sent = 0;
  for (;;) {
    const row = await knex('validation_jobs').where({ id: jobId }).first('status', 'progress', 'outcome', 'version_id');
    if (!row) throw notFound(`validation ${jobId} not found`);
    const progress = json<ValidationProgressLine[]>(row.progress);
    // A retried validation starts its progress again: lines already sent are not repeated.
    for (; sent < progress.length; sent++) options.onProgress?.(progress[sent]);
    if (row.status === 'finished' || row.status === 'failed') {
      const outcome = json<StoredOutcome>(row.outcome);
      if ('error' in outcome) throw new HttpError(outcome.error.status, outcome.error.code, outcome.error.message);
      return { versionId: row.version_id, report: outcome.report, valid: outcome.valid, published: outcome.published };
    }
    await jobPinged([jobId], options.pollMs ?? 500);
  }
}

/** Validate a version as a job (any worker runs it) and wait for the outcome. */
export async function validateChallengeVersion(
  deps: { knex: Knex; queue: JobSender },
  versionId: number,
  options: { autoPublish?: boolean; onProgress?: (line: ValidationProgressLine) => void } = {},
): Promise<ValidationOutcome> {
  const id = await requestValidation(deps, versionId, { autoPublish: options.autoPublish });
  return waitForValidation(deps.knex, id, { onProgress: options.onProgress });
}

export async function validationRunning(knex: Knex, versionId: number): Promise<boolean> {
  return Boolean(await knex('validation_jobs').where({ version_id: versionId }).whereIn('status', ['queued', 'running']).first('id'));
}

/**
 * A validation job, run by whichever process took it. The attempt that claims the row owns it; an attempt
 * given up (drain) throws JudgingAbandoned and the job runs again, elsewhere or at the next start.
 */
export async function runValidationJob(deps: ValidationDeps, jobId: string, signal: AbortSignal): Promise<void> {
  const { knex, logger } = deps;
  const [claimed] = (await knex('validation_jobs')
    .where({ id: jobId })
    .whereIn('status', ['queued', 'running'])
    .update({ status: 'running', attempts: knex.raw('attempts + 1'), progress: '[]', updated_at: knex.fn.now() })
    .returning(['attempts', 'version_id', 'auto_publish', 'created_at'])) as Array<{ attempts: number; version_id: number; auto_publish: boolean; created_at: Date }>;
  if (!claimed) return;
  const mine = () => knex('validation_jobs').where({ id: jobId, attempts: claimed.attempts });
  const finish = async (status: 'finished' | 'failed', outcome: StoredOutcome) => {
    await mine().update({ status, outcome: JSON.stringify(outcome), finished_at: knex.fn.now(), updated_at: knex.fn.now() });
    pingJob(jobId);
  };
  pingJob(jobId);

  // An earlier attempt that stored its result before its worker died: the stored report stands.
  const version: VersionRow | undefined = await knex('challenge_versions').where({ id: claimed.version_id }).first();
  if (version?.validated_at && new Date(version.validated_at) >= new Date(claimed.created_at) && version.validation) {
    await finish('finished', { valid: version.valid, published: claimed.auto_publish && Boolean(version.published_at), report: version.validation as ValidationReport });
    return;
  }

  let writes: Promise<unknown> = Promise.resolve();
  const onProgress = (event: ValidationProgress) => {
    if (event.type !== 'solution') return;
    const line: ValidationProgressLine = { type: 'solution', role: event.role, ok: event.ok, run: event.run };
    writes = writes
      .then(() => mine().update({ progress: knex.raw('progress || ?::jsonb', [JSON.stringify([line])]), updated_at: knex.fn.now() }))
      .then(() => pingJob(jobId))
      .catch((err) => logger.warn({ err, jobId }, 'could not record validation progress'));
  };
  // A draining process gives the validation up at once (it can take minutes): whatever it still computes is not stored.
  const aborted = new Promise<never>((_, reject) => {
    const give = () => reject(new JudgingAbandoned('the validation was handed back: the process is draining'));
    if (signal.aborted) give();
    else signal.addEventListener('abort', give, { once: true });
  });
  aborted.catch(() => {});
  try {
    const running = validateOnce(deps, claimed.version_id, { autoPublish: claimed.auto_publish, onProgress, stopped: () => signal.aborted });
    running.catch(() => {});
    const outcome = await Promise.race([running, aborted]);
    if (outcome.abandoned) throw new JudgingAbandoned('the validation was handed back: the runner is closing');
    await writes;
    const { expected: _expected, ...report } = outcome.report;
    await finish('finished', { valid: outcome.valid, published: outcome.published, report: report as ValidationReport });
  } catch (err) {
    if (err instanceof JudgingAbandoned || signal.aborted) throw err;
    const http = err instanceof HttpError ? err : undefined;
    if (!http) logger.error({ err, jobId, versionId: claimed.version_id }, 'validation failed to run');
    await finish('failed', { error: { status: http?.status ?? 500, code: http?.code ?? 'internal_error', message: http?.message ?? 'validation failed to run' } });
  }
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
  /** Stop waiting; a run with a queue of its own also stops validating (whatever runs is not stored). */
  stop(): void;
}

export interface LibraryOptions {
  /** Validations at a time, when the run has a queue of its own (no platform queue: tests, tools). */
  concurrency?: number;
  /** Slugs validated before everything else, in this order (the demo assessment's challenges on a first start). */
  first?: readonly string[];
}

/** A library item and the validation job it waits on (queued by this process or by another one). */
export interface LibraryJob {
  slug: string;
  jobId: string;
}

/** Kinds that precompute results from their reference first (SQL) validate after kinds judged directly. */
function precomputes(kind: string): boolean {
  return isKind(kind) && getKind(kind).precomputed !== undefined;
}

/**
 * Queue the validations of a synced library, highest priority first: after `first`, challenges nobody can use
 * yet before new versions of published ones, kinds judged directly (API: seconds) before kinds that precompute
 * results from their reference first (SQL). A version validated
 * since `since` (by another server starting at the same time) is not validated again; one queued or running
 * is joined. Called under the cluster's sync lock, so N servers starting together queue each validation once.
 */
export async function queueLibrary(deps: { knex: Knex; queue: JobSender }, items: readonly LibraryItem[], options: LibraryOptions & { since: Date }): Promise<LibraryJob[]> {
  const first = options.first ?? [];
  const rank = (slug: string) => (first.includes(slug) ? first.indexOf(slug) : first.length);
  const ordered = [...items].sort(
    (a, b) =>
      rank(a.slug) - rank(b.slug) ||
      Number(a.hasCurrent) - Number(b.hasCurrent) ||
      Number(precomputes(a.kind)) - Number(precomputes(b.kind)) ||
      a.slug.localeCompare(b.slug),
  );
  const jobs: LibraryJob[] = [];
  for (const [i, item] of ordered.entries()) {
    const row = await deps.knex('challenge_versions').where({ id: item.versionId }).first('validated_at', 'published_at');
    if (!row || row.published_at || (row.validated_at && new Date(row.validated_at) >= options.since)) continue;
    jobs.push({ slug: item.slug, jobId: await requestValidation(deps, item.versionId, { autoPublish: true, priority: ordered.length - i }) });
  }
  return jobs;
}

/** Follow a library's validation jobs, wherever they run, to their end. */
export function watchLibrary(knex: Knex, jobs: readonly LibraryJob[], options: { onStop?: () => void; pollMs?: number } = {}): LibraryRun {
  const started = performance.now();
  let stopped = false;
  const ids = jobs.map((j) => j.jobId);
  const ended = async (wanted: readonly string[]) => {
    while (!stopped && wanted.length > 0) {
      const active = await knex('validation_jobs').whereIn('id', wanted).whereIn('status', ['queued', 'running']).count({ n: '*' });
      if (Number(active[0].n) === 0) return;
      await jobPinged(wanted, options.pollMs ?? 1000);
    }
  };
  const validated = ended(ids).then(async (): Promise<LibraryValidation> => {
    const result: LibraryValidation = { validated: 0, valid: 0, published: 0, failed: [], wallMs: Math.round(performance.now() - started) };
    const rows: Array<{ id: string; status: string; outcome: StoredOutcome | string | null }> = ids.length
      ? await knex('validation_jobs').whereIn('id', ids).select('id', 'status', 'outcome')
      : [];
    const slugOf = new Map(jobs.map((j) => [j.jobId, j.slug]));
    for (const r of rows) {
      if (r.status !== 'finished' && r.status !== 'failed') continue;
      const outcome = r.outcome === null ? null : json<StoredOutcome>(r.outcome);
      if (r.status === 'finished') result.validated++;
      if (outcome && 'valid' in outcome && outcome.valid) result.valid++;
      else result.failed.push(slugOf.get(r.id)!);
      if (outcome && 'published' in outcome && outcome.published) result.published++;
    }
    return result;
  });
  return {
    validated,
    async settled(slugs) {
      await ended(jobs.filter((j) => slugs.includes(j.slug)).map((j) => j.jobId));
    },
    stop() {
      if (stopped) return;
      stopped = true;
      options.onStop?.();
      for (const id of ids) pingJob(id);
    },
  };
}
