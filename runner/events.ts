// What a candidate may see of a judge event: the one place hidden tests are redacted.
import type { JudgeEvent } from './types';

export function candidateView(event: JudgeEvent): JudgeEvent {
  if (event.type === 'test:finished' && event.visibility === 'hidden') {
    const { detail: _detail, ...rest } = event;
    return rest;
  }
  return event;
}
