// The redaction rule: what a candidate may see of a judge event (hidden tests' names, detail, fine timings). It
// lives beside the events it reads, and the runner never applies it (it knows no viewers); the server applies it
// in one place, viewOf in server/presenters/submission.ts, for live events, replayed ones and stored results
// alike, so they cannot disagree.
import type { JudgeEvent, TestCase } from './types';

/** A hidden test's number among the hidden tests (1-based), by its index among all tests. */
export type HiddenTestNumbers = ReadonlyMap<number, number>;

export function hiddenTestNumbers(tests: ReadonlyArray<Pick<TestCase, 'index' | 'visibility'>>): HiddenTestNumbers {
  const numbers = new Map<number, number>();
  for (const t of [...tests].sort((a, b) => a.index - b.index)) if (t.visibility === 'hidden') numbers.set(t.index, numbers.size + 1);
  return numbers;
}

/** The only name of a hidden test a candidate sees: names are written by authors and often describe the input. */
export function hiddenTestName(index: number, numbers: HiddenTestNumbers): string {
  const n = numbers.get(index);
  return n === undefined ? 'hidden test' : `hidden test ${n}`;
}

/** Timings a candidate sees are whole milliseconds: finer ones would time hidden work (a timing side channel). */
const wholeMs = (ms: number) => Math.round(ms);

export function candidateView(event: JudgeEvent, numbers: HiddenTestNumbers = new Map()): JudgeEvent {
  switch (event.type) {
    case 'test:started':
      return event.visibility === 'hidden' ? { ...event, name: hiddenTestName(event.index, numbers) } : event;
    case 'test:finished': {
      const timed = { ...event, cpuMs: wholeMs(event.cpuMs), wallMs: wholeMs(event.wallMs) };
      if (event.visibility !== 'hidden') return timed;
      const { detail: _detail, ...rest } = timed;
      return { ...rest, name: hiddenTestName(event.index, numbers) };
    }
    case 'submission:finished':
      return { ...event, wallMs: wholeMs(event.wallMs) };
  }
}
