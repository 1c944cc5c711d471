// In-process wake-ups for whoever waits on a background job's row (a route streaming a validation, a library
// run, the rejudge CLI): the process that runs the job pings its id when the row changes, so a waiter in the
// same process reads it at once. Waiters in other processes read the row on their poll interval.
import { EventEmitter } from 'node:events';

const emitter = new EventEmitter();
emitter.setMaxListeners(0);

export function pingJob(id: string): void {
  emitter.emit(id);
}

/** Resolves when one of `ids` is pinged, or after `ms`. */
export function jobPinged(ids: readonly string[], ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      for (const id of ids) emitter.off(id, done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    for (const id of ids) emitter.on(id, done);
  });
}
