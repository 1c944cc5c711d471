// What each role may see of a challenge. Candidates and recruiters get the public part only: the statement,
// the starter, the kind's public samples (runner/kinds: publicSamples) and the limits. Reference and
// wrong solutions, hidden tests and hidden datasets (even their names) never leave through these.
// Authors and admins see everything, through presentVersionForAuthor.
import type { Challenge } from '../../runner/challenge';
import { getKind } from '../../runner/kinds';
import type { ValidationReport } from '../../runner/validate';
import type { RejudgeJob } from '../challenges/rejudgeJobs';
import type { ChallengeRow, VersionRow } from '../rows';

function iso(d: Date | string | null | undefined): string | null {
  return d ? new Date(d).toISOString() : null;
}

function publicParts(challenge: Challenge) {
  const kind = getKind(challenge.meta.kind);
  return {
    slug: challenge.slug,
    title: challenge.meta.title,
    kind: challenge.meta.kind,
    difficulty: challenge.meta.difficulty,
    skills: challenge.meta.skills,
    tags: challenge.meta.tags,
    expectedMinutes: challenge.meta.expectedMinutes,
    statement: challenge.statement,
    starter: challenge.starter,
    languages: [...kind.languages],
    editorMode: kind.editorMode,
    limits: challenge.limits,
    // The same sample view a candidate gets: one path, the kind's.
    samples: kind.publicSamples(challenge),
  };
}

export interface VersionRef {
  id: number;
  version: number;
}

/** What a recruiter reads to build an assessment: the public part of the current version. */
export function presentChallengePublic(challenge: Challenge, version: VersionRef, row?: Pick<ChallengeRow, 'status'>) {
  return { ...publicParts(challenge), version: version.version, ...(row ? { status: row.status } : {}) };
}

type SummaryRow = ChallengeRow & { spec: Challenge['meta'] | null; version: number | null; latest_version?: number | null };

/** One line of the catalogue, from the challenge row and its current (or latest) version's spec. */
export function presentChallengeSummary(row: SummaryRow) {
  const spec = row.spec;
  return {
    // Recruiters build assessments from challenge ids.
    id: row.id,
    slug: row.slug,
    title: row.title,
    kind: row.kind,
    difficulty: row.difficulty,
    skills: spec?.skills ?? [],
    tags: spec?.tags ?? [],
    expectedMinutes: spec?.expectedMinutes ?? null,
    version: row.version,
  };
}

/** A line of the catalogue for its authors: also its status, source and latest version. */
export function presentAuthorChallengeSummary(row: SummaryRow) {
  return {
    ...presentChallengeSummary(row),
    status: row.status,
    source: row.source,
    latestVersion: row.latest_version ?? null,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function validationSummary(row: VersionRow) {
  const report = row.validation as ValidationReport | null;
  return report ? { ok: report.ok, errors: report.errors } : null;
}

export type ChallengeSummaryView = ReturnType<typeof presentChallengeSummary>;
export type AuthorChallengeSummaryView = ReturnType<typeof presentAuthorChallengeSummary>;

/** A version in the authoring list (no files). */
export function presentVersionSummary(row: VersionRow, challenge: Pick<ChallengeRow, 'current_version_id'>) {
  return {
    id: row.id,
    version: row.version,
    contentHash: row.content_hash,
    current: challenge.current_version_id === row.id,
    valid: row.valid,
    validatedAt: iso(row.validated_at),
    publishedAt: iso(row.published_at),
    createdAt: iso(row.created_at),
    validation: validationSummary(row),
  };
}

/** Everything about a version, for its authors: files (reference, wrong/, hidden tests) and the full report. */
export function presentVersionForAuthor(row: VersionRow, challenge: Pick<ChallengeRow, 'current_version_id' | 'slug'>) {
  return {
    ...presentVersionSummary(row, challenge),
    slug: challenge.slug,
    files: row.files,
    validation: row.validation ?? null,
    expected: row.expected ?? null,
  };
}

export type VersionSummaryView = ReturnType<typeof presentVersionSummary>;
export type VersionForAuthorView = ReturnType<typeof presentVersionForAuthor>;

/** A rejudge job and its progress, one item per submission. */
export function presentRejudgeJob(job: RejudgeJob) {
  return {
    id: job.id,
    slug: job.slug,
    version: job.version,
    status: job.status,
    total: job.total,
    done: job.done,
    changed: job.items.filter((i) => i.changed).length,
    failed: job.items.filter((i) => i.error).length,
    items: job.items,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    wallMs: job.summary?.wallMs ?? null,
  };
}

export type RejudgeJobView = ReturnType<typeof presentRejudgeJob>;
