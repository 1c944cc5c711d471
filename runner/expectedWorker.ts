// A one-off child process that computes a SQL challenge's reference results (runner/expected.ts): the
// PGlite instances it opens, hundreds of MB each, go away with it instead of staying in the caller.
import type { Challenge, SqlExpected } from './challenge';
import { computeExpected } from './kinds/sql';

export type ExpectedReply = { ok: true; expected: SqlExpected } | { ok: false; message: string };

process.once('message', (challenge: Challenge) => {
  void (async () => {
    let reply: ExpectedReply;
    try {
      reply = { ok: true, expected: await computeExpected(challenge) };
    } catch (err) {
      reply = { ok: false, message: err instanceof Error ? err.message : String(err) };
    }
    process.send?.(reply, () => process.exit(0));
  })();
});
process.on('disconnect', () => process.exit(0));
