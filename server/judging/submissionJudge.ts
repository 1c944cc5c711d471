// Judge one stored submission: a new judgement row, every result written (with its events, in one statement)
// before it is emitted, and the submission's score updated at the end. Used for first judgings (with live
// events), their retries on another worker, and rejudges (history kept, no events).
import type { Knex } from 'knex';
import type { Runner, JudgeEvent, SubmissionFinished, TestFinished } from '../../runner/types';
import type { Logger } from '../logger';
import { loadChallengeVersion } from '../challenges/versionLoader';
import { readyBatches } from './batches';
import type { EventBus, StoredEvent } from './eventBus';
import { shownTests } from './eventStore';
import { dropUnfinishedJudgements, finishJudging, skipRejudgeItem, startLiveJudging, startRejudgeItem, startRejudging, writeBatch, type Judging } from './judgementStore';
import { capFinished, capResults, newDetailBudget } from '../commands/testResultRecorder';
import { recordSimilarity } from '../similarity/recorder';
import { submissionScoredEvent } from '../webhooks/events';

export interface JudgeDeps {
  knex: Knex;
  runner: Runner;
  logger: Logger;
  bus?: EventBus;
}

export interface JudgeRequest {
  submissionId: number;
  /** Judge against this version instead of the submission's own (rejudge). */
  versionId?: number;
  reason?: string;
  /** Emit live events (first judging); rejudges only write history. */
  live?: boolean;
  /** A rejudge item (rejudge_items): owned through the item's attempts; its end replaces the score in one statement. */
  rejudgeJob?: string;
  /** Aborted (with a JudgingAbandoned reason) when the process drains: the judging stops without finishing, so its job runs again elsewhere. */
  signal?: AbortSignal;
}

// After the first result, which is written at once, a test's events reach a watching candidate at most this late.
// A fast submission's tests finish a few ms apart, and writing each (a statement, a commit and a NOTIFY) cost a
// worker and PostgreSQL more than judging it.
const LIVE_FLUSH_MS = 100;
// Nobody watches a rejudge's results arrive.
const HISTORY_FLUSH_MS = 1000;

/** Thrown when a judging was given up (drain): nothing was finished, the job must be handed back. */
export class JudgingAbandoned extends Error {}

const judgeFailed: SubmissionFinished = {
  type: 'submission:finished',
  verdict: 'internal_error',
  points: 0,
  maxPoints: 0,
  score: 0,
  passed: 0,
  total: 0,
  wallMs: 0,
  message: 'the judge failed; the submission will be looked at',
};

/** Returns the finished event, or null when this judging did not finish the submission (already finished, or a newer attempt owns it). */
export async function submissionJudge(deps: JudgeDeps, request: JudgeRequest): Promise<SubmissionFinished | null> {
  const { knex, runner, logger } = deps;
  const live = request.live ?? true;
  const reason = request.reason ?? 'initial';
  let judging: Judging;
  let shown = new Set<string>();
  if (live) {
    const started = await startLiveJudging(knex, request.submissionId, reason);
    if (!started) return null;
    judging = started;
    if (judging.attempt! > 1) {
      // A retry: the partial judgement of the attempt it follows goes, and tests the stream already showed are
      // not shown again (their results are written again, under this judgement).
      await dropUnfinishedJudgements(knex, judging);
      shown = await shownTests(knex, judging.submissionId);
    }
  } else if (request.rejudgeJob) {
    const claimed = await startRejudgeItem(knex, request.rejudgeJob, request.submissionId, request.versionId!, reason);
    if (!claimed) return null;
    if (claimed.judgementId === 0) {
      await skipRejudgeItem(knex, claimed, 'it is being judged right now');
      return null;
    }
    judging = claimed;
  } else {
    judging = await startRejudging(knex, request.submissionId, request.versionId, reason);
  }
  const fresh = (e: JudgeEvent) => e.type === 'submission:finished' || !shown.has(`${e.type}:${e.index}`);

  const store = (write: (q: Knex) => Promise<StoredEvent[]>) =>
    deps.bus ? deps.bus.written(knex, write) : write(knex);
  // The server never trusts the runner's output size: every result's detail is capped again before it is stored.
  const budget = newDetailBudget();

  let finished: SubmissionFinished | undefined;
  // The batch that holds submission:finished is written with the finish: the last results, their events and
  // the final event together (one transaction on a server, whose NOTIFY announces them at its commit).
  let last: { results: TestFinished[]; events: JudgeEvent[] } | undefined;
  try {
    const challenge = await loadChallengeVersion(knex, judging.versionId);
    const scope = judging.mode === 'run' ? 'samples' : 'all';
    const events = runner.judge(challenge, { code: judging.code, language: judging.language as never }, { scope });
    // Events that arrive together, or within a flush window of the first, are written in one statement each.
    let resultShown = false;
    const firstResult = (e: JudgeEvent) => live && !resultShown && e.type === 'test:finished' && (resultShown = true);
    for await (const batch of readyBatches(events, request.signal, { windowMs: live ? LIVE_FLUSH_MS : HISTORY_FLUSH_MS, endsBatch: firstResult })) {
      const end = batch.findIndex((e) => e.type === 'submission:finished');
      const before = end >= 0 ? batch.slice(0, end) : batch;
      const results = capResults(before.filter((e): e is TestFinished => e.type === 'test:finished'), budget);
      const capped = new Map(results.map((e) => [e.index, e]));
      const toEmit = live ? before.filter(fresh).map((e) => (e.type === 'test:finished' ? capped.get(e.index)! : e)) : [];
      if (end >= 0) {
        finished = capFinished(batch[end] as SubmissionFinished);
        last = { results, events: toEmit };
        break;
      }
      if (results.length > 0 || toEmit.length > 0) await store((q) => writeBatch(q, judging, results, toEmit));
    }
  } catch (err) {
    if (err instanceof JudgingAbandoned || request.signal?.aborted) throw err;
    logger.error({ err, submissionId: judging.submissionId }, 'judging failed');
  }
  finished ??= judgeFailed;
  let finishedEvent: StoredEvent[] = [];
  // The last batch, the finish and, for an assessment's submit, its submission.scored outbox row commit together.
  const invitationId = live && judging.mode === 'submit' ? judging.invitationId : null;
  const together = (q: Knex, fn: (trx: Knex) => Promise<StoredEvent[]>) => ((q as Knex & { isTransaction?: boolean }).isTransaction ? fn(q) : q.transaction(fn));
  await store((q) =>
    together(q, async (trx) => {
      const written = last && (last.results.length > 0 || last.events.length > 0) ? await writeBatch(trx, judging, last.results, last.events) : [];
      finishedEvent = await finishJudging(trx, judging, finished!, { live, rejudgeVersion: request.versionId });
      if (invitationId !== null && finishedEvent.length > 0) {
        await submissionScoredEvent(trx, { submissionId: judging.submissionId, invitationId, challengeId: judging.challengeId }, finished!);
      }
      return [...written, ...finishedEvent];
    }),
  );
  if (live && finishedEvent.length === 0) return null;
  await recordSimilarity(knex, { id: judging.submissionId, mode: judging.mode, invitation_id: judging.invitationId, challenge_id: judging.challengeId }, logger);
  return finished;
}
