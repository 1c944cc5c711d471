// A runner that starts its pool on first use: a pure API server (WORKERS=0) judges and validates nothing itself
// (workers take those jobs), but the candidate playground runs a query through it, and only then are runner
// processes worth starting.
import type { Runner } from '../../runner/types';

export function lazyRunner(create: () => Runner): Runner {
  let runner: Runner | undefined;
  const get = () => (runner ??= create());
  return {
    judge: (challenge, submission, options) => get().judge(challenge, submission, options),
    computeSqlExpected: (challenge) => {
      const r = get();
      if (!r.computeSqlExpected) throw new Error('this runner computes no SQL expectations');
      return r.computeSqlExpected(challenge);
    },
    get replaced() {
      return (runner as { replaced?: number } | undefined)?.replaced ?? 0;
    },
    close: async () => {
      await runner?.close();
    },
  } as Runner;
}
