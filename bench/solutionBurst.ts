// The runner alone, as the live and cluster benches compare with it: `count` judgings of a challenge's
// reference solution, all at once.
import type { Challenge } from '../runner/challenge';
import type { Runner } from '../runner/types';

/** Submissions judged per second. */
export async function solutionBurst(runner: Runner, challenge: Challenge, count: number): Promise<number> {
  const judge = async () => {
    for await (const e of runner.judge(challenge, { code: challenge.solution.code, language: 'typescript' }, { scope: 'all' })) void e;
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: count }, judge));
  return (count / (performance.now() - t0)) * 1000;
}
