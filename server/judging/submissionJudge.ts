// Judge one stored submission: a new judgement row, every result written before it is emitted, and the
// submission's score updated at the end. Used for first judgings (with live events) and rejudges (history kept).
import type { Knex } from 'knex';
import type { Runner, JudgeEvent, SubmissionFinished, TestFinished } from '../../runner/types';
import type { Logger } from '../logger';
import { loadChallengeVersion } from '../challenges/versionLoader';
import { readyBatches } from './batches';
import { appendEvents } from './eventStore';
import { capFinished, newDetailBudget, testResultRecorder } from '../commands/testResultRecorder';
import type { EventBus } from './eventBus';
import { recordSimilarity } from '../similarity/recorder';

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
}

export async function submissionJudge(deps: JudgeDeps, request: JudgeRequest): Promise<SubmissionFinished> {
  const { knex, runner, logger } = deps;
  const submission = await knex('submissions').where({ id: request.submissionId }).first();
  if (!submission) throw new Error(`submission ${request.submissionId} not found`);
  const versionId: number = request.versionId ?? submission.challenge_version_id;
  const live = request.live ?? true;

  const [judgement] = await knex('judgements')
    .insert({ submission_id: submission.id, challenge_version_id: versionId, reason: request.reason ?? 'initial' })
    .returning(['id']);
  if (live) {
    await knex('submissions')
      .where({ id: submission.id })
      .update({ status: 'running', started_at: knex.fn.now(), attempts: knex.raw('attempts + 1') });
  }

  const emit = async (events: JudgeEvent[]) => {
    if (live) await appendEvents(knex, deps.bus, submission.id, events, { detailsOf: judgement.id });
  };
  const budget = newDetailBudget();

  let finished: SubmissionFinished | undefined;
  try {
    const challenge = await loadChallengeVersion(knex, versionId);
    const scope = submission.mode === 'run' ? 'samples' : 'all';
    // Events that arrive together (a runner child sends them in batches) are written in one statement each.
    for await (const batch of readyBatches(runner.judge(challenge, { code: submission.code, language: submission.language }, { scope }))) {
      const end = batch.findIndex((e) => e.type === 'submission:finished');
      let events = end >= 0 ? batch.slice(0, end) : batch;
      // Each test's detail is stored once, in test_results, capped; the events refer to it (eventStore.ts).
      const stored = await testResultRecorder(knex, judgement.id, events.filter((e): e is TestFinished => e.type === 'test:finished'), budget);
      const byIndex = new Map(stored.map((e) => [e.index, e]));
      events = events.map((e) => (e.type === 'test:finished' ? byIndex.get(e.index)! : e));
      await emit(events);
      if (end >= 0) {
        finished = capFinished(batch[end] as SubmissionFinished);
        break;
      }
    }
  } catch (err) {
    logger.error({ err, submissionId: submission.id }, 'judging failed');
  }
  finished ??= {
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

  await knex.transaction(async (trx) => {
    await trx('judgements').where({ id: judgement.id }).update({
      verdict: finished!.verdict,
      score: finished!.score,
      points: finished!.points,
      max_points: finished!.maxPoints,
      finished_at: trx.fn.now(),
    });
    await trx('submissions').where({ id: submission.id }).update({
      status: 'finished',
      verdict: finished!.verdict,
      score: finished!.score,
      points: finished!.points,
      max_points: finished!.maxPoints,
      judgement_id: judgement.id,
      ...(request.versionId ? { challenge_version_id: request.versionId } : {}),
      ...(live ? { finished_at: trx.fn.now() } : {}),
    });
  });
  await recordSimilarity(knex, submission, logger);
  await emit([finished]);
  return finished;
}
