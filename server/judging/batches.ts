// Groups what an async iterable has ready into arrays: the first item is awaited, then every item that is
// already there (a runner pool delivers a child's batch of events at once) joins it, and, with a window, every
// item that arrives within `windowMs` of the first — unless an item `endsBatch`. Writing one array in one
// statement is what this is for.
const NOT_READY = Symbol('not ready');

export interface BatchOptions<T> {
  windowMs?: number;
  /** The batch is given out right after this item, window or not. */
  endsBatch?: (item: T) => boolean;
}

export async function* readyBatches<T>(source: AsyncIterable<T>, signal?: AbortSignal, options: BatchOptions<T> = {}): AsyncGenerator<T[]> {
  const { windowMs = 0, endsBatch } = options;
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  let ended = false;
  // Waiting is where an abort (a draining process) cuts in: it rejects with the signal's reason and the source
  // is stopped. The readiness test below must see the source's own promises, or every item would look not
  // ready yet.
  const aborted = signal
    ? new Promise<never>((_, reject) => {
        if (signal.aborted) reject(signal.reason);
        else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      })
    : undefined;
  aborted?.catch(() => {});
  const within = async (ms: number) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<typeof NOT_READY>((resolve) => (timer = setTimeout(resolve, ms, NOT_READY)));
    try {
      return await Promise.race(aborted ? [next, late, aborted] : [next, late]);
    } finally {
      clearTimeout(timer);
    }
  };
  try {
    for (;;) {
      const first = await (aborted ? Promise.race([next, aborted]) : next);
      if (first.done) {
        ended = true;
        return;
      }
      const batch = [first.value];
      const until = performance.now() + windowMs;
      for (;;) {
        next = iterator.next();
        if (endsBatch?.(batch[batch.length - 1])) break;
        // An already settled promise wins the race against the one created after it: that is "ready".
        let ready = await Promise.race([next, Promise.resolve(NOT_READY)]);
        const left = until - performance.now();
        if (ready === NOT_READY && left > 0) ready = await within(left);
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
