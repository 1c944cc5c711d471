// The validation child (runner/expected.ts): it computes a SQL challenge's reference results, or validates a whole
// SQL challenge, one request after the other until its parent lets it go. The PGlite instances it opens stay here,
// within its SQL_MEMORY_MB, instead of in the caller or a pool process.
import type { Challenge, SqlExpected } from './challenge';
import { judge } from './judge';
import { computeExpected } from './kinds/sql';
import { prewarmSpares } from './pglite/host';
import type { JudgeEvent, Runner } from './types';
import { validateChallenge, type ValidationProgress, type ValidationReport } from './validate';

export type ExpectedRequest = { type: 'expected'; challenge: Challenge } | { type: 'validate'; challenge: Challenge };

export type ExpectedReply =
  | { ok: true; expected: SqlExpected }
  | { ok: true; report: ValidationReport }
  | { ok: false; message: string }
  | { progress: ValidationProgress };

// One judgement at a time: each runs its datasets in turn on the instance this process loaded for each, so the
// reference, every wrong solution and the starter reuse the same instances instead of opening more.
let turn: Promise<void> = Promise.resolve();
async function* oneAtATime(events: () => AsyncIterable<JudgeEvent>): AsyncIterable<JudgeEvent> {
  let done!: () => void;
  const previous = turn;
  turn = new Promise<void>((resolve) => (done = resolve));
  await previous;
  try {
    yield* events();
  } finally {
    done();
  }
}

const inProcess: Runner = {
  judge: (challenge, submission, options) => oneAtATime(() => judge(challenge, submission, options)),
  computeSqlExpected: computeExpected,
  close: async () => undefined,
};

// The spare instance (ASSAY_PGLITE_SPARES) loads while the parent prepares its first request.
if (process.env.ASSAY_PGLITE_SPARES !== '0') void prewarmSpares().catch(() => undefined);

// The parent sends the next request only after the reply to the previous one.
process.on('message', (request: ExpectedRequest) => {
  void (async () => {
    let reply: ExpectedReply;
    try {
      if (request.type === 'validate') {
        const onProgress = (progress: ValidationProgress) => process.send?.({ progress } satisfies ExpectedReply);
        reply = { ok: true, report: await validateChallenge(request.challenge, inProcess, { onProgress }) };
      } else {
        reply = { ok: true, expected: await computeExpected(request.challenge) };
      }
    } catch (err) {
      reply = { ok: false, message: err instanceof Error ? err.message : String(err) };
    }
    process.send?.(reply);
  })();
});
process.on('disconnect', () => process.exit(0));
