// Groups what an async iterable has ready into arrays: the first item is awaited, then every item that is
// already there (a runner pool delivers a child's batch of events at once) joins it. Items still on their
// way start the next array. Writing one array in one statement is what this is for.
const NOT_READY = Symbol('not ready');

export async function* readyBatches<T>(source: AsyncIterable<T>, signal?: AbortSignal): AsyncGenerator<T[]> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  let ended = false;
  // Waiting for a batch's first item is where an abort (a draining process) cuts in: it rejects with the signal's
  // reason and the source is stopped. Only that wait is raced; the readiness test below must see the source's own
  // promises, or every item would look not ready yet.
  const aborted = signal
    ? new Promise<never>((_, reject) => {
        if (signal.aborted) reject(signal.reason);
        else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      })
    : undefined;
  aborted?.catch(() => {});
  try {
    for (;;) {
      const first = await (aborted ? Promise.race([next, aborted]) : next);
      if (first.done) {
        ended = true;
        return;
      }
      const batch = [first.value];
      for (;;) {
        next = iterator.next();
        // An already settled promise wins the race against the one created after it: that is "ready".
        const ready = await Promise.race([next, Promise.resolve(NOT_READY)]);
        if (ready === NOT_READY) break;
        if (ready.done) {
          ended = true;
          yield batch;
          return;
        }
        batch.push(ready.value);
      }
      yield batch;
    }
  } finally {
    // A consumer that stops early stops the source too (an in-process judge disposes its sandbox then).
    if (!ended) await iterator.return?.();
  }
}
