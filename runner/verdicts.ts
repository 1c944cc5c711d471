// A closed set with a priority (DMOJ's result.py): a submission's verdict is the worst of its tests'.
export const VERDICTS = [
  'internal_error',
  'compile_error',
  'time_limit',
  'memory_limit',
  'output_limit',
  'runtime_error',
  'wrong_answer',
  'accepted',
] as const;

export type Verdict = (typeof VERDICTS)[number];

const rank = new Map<Verdict, number>(VERDICTS.map((v, i) => [v, i]));

/** The verdict that takes priority (lower index wins). */
export function worstVerdict(a: Verdict, b: Verdict): Verdict {
  return rank.get(a)! <= rank.get(b)! ? a : b;
}

export function worstOf(verdicts: Iterable<Verdict>): Verdict {
  let out: Verdict = 'accepted';
  for (const v of verdicts) out = worstVerdict(out, v);
  return out;
}
