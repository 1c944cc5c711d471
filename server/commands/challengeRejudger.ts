// Re-judging a challenge's scored submissions against a chosen version (after a hidden test was fixed, say).
// Each gets a new judgement (reason "rejudge against vN") and its current score moves to it; earlier
// judgements and their test results stay as history. A rejudge that fails inside the platform (internal
// error, e.g. the runner closing) does not replace a real score: the submission keeps its previous judgement.
import type { Knex } from 'knex';
import { conflict, notFound, unprocessable } from '../errors';
import { submissionJudge, type JudgeDeps } from '../judging/submissionJudge';
import type { ChallengeRow, VersionRow } from '../rows';

export interface RejudgeTarget {
  challengeId: number;
  slug: string;
  versionId: number;
  version: number;
}

/** The challenge and version to rejudge against: the given version number, else the current version. */
export async function resolveRejudgeTarget(knex: Knex, slug: string, version?: number): Promise<RejudgeTarget> {
  const challenge: ChallengeRow | undefined = await knex('challenges').where({ slug }).first();
  if (!challenge) throw notFound(`no challenge "${slug}"`);
  let row: VersionRow | undefined;
  if (version !== undefined) {
    row = await knex('challenge_versions').where({ challenge_id: challenge.id, version }).first();
    if (!row) throw notFound(`challenge "${slug}" has no version ${version}`);
  } else {
    if (!challenge.current_version_id) throw conflict(`challenge "${slug}" has no current version: name one`);
    row = await knex('challenge_versions').where({ id: challenge.current_version_id }).first();
  }
  if (!row!.valid) throw unprocessable(`version ${row!.version} of "${slug}" has not passed validation: submissions are only rejudged against valid versions`);
  return { challengeId: challenge.id, slug, versionId: row!.id, version: row!.version };
}

interface Judged {
  verdict: string | null;
  score: number | null;
  versionId: number;
}

export interface RejudgeItem {
  submissionId: number;
  before: Judged;
  after: Judged | null;
  changed: boolean;
  /** Why the rejudge did not replace the score. */
  error?: string;
}

export interface RejudgeSummary {
  slug: string;
  version: number;
  total: number;
  rejudged: number;
  changed: number;
  failed: number;
  items: RejudgeItem[];
  wallMs: number;
}

export interface RejudgeOptions {
  onProgress?: (item: RejudgeItem, done: number, total: number) => void;
  /** Submissions judged at once (the runner pool queues beyond its processes anyway). */
  concurrency?: number;
  stopped?: () => boolean;
}

/** Scored submissions of a challenge that are not being judged right now. */
export async function rejudgeableSubmissions(knex: Knex, challengeId: number): Promise<number[]> {
  const rows = await knex('submissions').where({ challenge_id: challengeId, mode: 'submit', status: 'finished' }).orderBy('id').select('id');
  return rows.map((r: { id: number }) => r.id);
}

export async function challengeRejudger(deps: JudgeDeps, target: RejudgeTarget, options: RejudgeOptions = {}): Promise<RejudgeSummary> {
  const started = performance.now();
  const { knex } = deps;
  const ids = await rejudgeableSubmissions(knex, target.challengeId);
  const items: RejudgeItem[] = [];
  const queue = [...ids];
  const reason = `rejudge against v${target.version}`;

  const rejudgeOne = async (submissionId: number): Promise<RejudgeItem> => {
    const before = await knex('submissions').where({ id: submissionId }).first();
    const was: Judged = { verdict: before.verdict, score: before.score, versionId: before.challenge_version_id };
    if (before.status !== 'finished') return { submissionId, before: was, after: null, changed: false, error: 'it is being judged right now' };
    const finished = await submissionJudge(deps, { submissionId, versionId: target.versionId, reason, live: false });
    if (!finished) return { submissionId, before: was, after: null, changed: false, error: 'it is being judged right now' };
    if (finished.verdict === 'internal_error') {
      const after = await knex('submissions').where({ id: submissionId }).first('judgement_id');
      await knex('submissions')
        .where({ id: submissionId, judgement_id: after.judgement_id })
        .update({
          verdict: before.verdict,
          score: before.score,
          points: before.points,
          max_points: before.max_points,
          judgement_id: before.judgement_id,
          challenge_version_id: before.challenge_version_id,
        });
      return { submissionId, before: was, after: null, changed: false, error: finished.message ?? 'internal error while judging' };
    }
    const now: Judged = { verdict: finished.verdict, score: finished.score, versionId: target.versionId };
    return { submissionId, before: was, after: now, changed: now.score !== was.score || now.verdict !== was.verdict };
  };

  const worker = async () => {
    while (queue.length > 0 && !options.stopped?.()) {
      const id = queue.shift()!;
      let item: RejudgeItem;
      try {
        item = await rejudgeOne(id);
      } catch (err) {
        deps.logger.error({ err, submissionId: id }, 'rejudge failed');
        item = { submissionId: id, before: { verdict: null, score: null, versionId: 0 }, after: null, changed: false, error: 'the rejudge failed' };
      }
      items.push(item);
      options.onProgress?.(item, items.length, ids.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker));
  items.sort((a, b) => a.submissionId - b.submissionId);
  return {
    slug: target.slug,
    version: target.version,
    total: ids.length,
    rejudged: items.filter((i) => i.after).length,
    changed: items.filter((i) => i.changed).length,
    failed: items.filter((i) => i.error).length,
    items,
    wallMs: Math.round(performance.now() - started),
  };
}
