// Validating a stored version and keeping the result on its row: the report, the SQL reference results
// (`expected`, which judging then uses instead of recomputing), the valid flag and when. A version that has
// been published is frozen: it is never validated again, so a noisy re-run cannot unpublish a challenge.
import type { Knex } from 'knex';
import { ChallengeFormatError, parseChallenge, type ChallengeFiles } from '../../runner/challenge';
import type { Runner } from '../../runner/types';
import { validateChallenge, type ValidationProgress, type ValidationReport } from '../../runner/validate';
import { challengePublisher } from '../commands/challengePublisher';
import { conflict, notFound } from '../errors';
import type { Logger } from '../logger';
import { forgetChallengeVersion } from './versionLoader';
import type { VersionRow } from './versionStore';

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

function formatErrorReport(row: VersionRow, slug: string, err: ChallengeFormatError): ValidationReport {
  return {
    slug,
    hash: row.content_hash,
    ok: false,
    reference: { file: 'solution', verdict: 'not_run', passed: 0, total: 0, failures: [], wallMs: 0 },
    wrong: [],
    formatError: { file: err.file, ...(err.field ? { field: err.field } : {}), ...(err.line ? { line: err.line } : {}), detail: err.detail },
    errors: [err.message],
    wallMs: 0,
  };
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
    report = formatErrorReport(row, row.slug, err);
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
