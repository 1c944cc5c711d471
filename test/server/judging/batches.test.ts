import assert from 'node:assert/strict';
import { readyBatches } from '../../../server/judging/batches';

/** An iterable whose items arrive in bursts: each inner array becomes available at once, a tick after the previous. */
function bursts<T>(groups: T[][]): AsyncIterable<T> & { returned: boolean } {
  const ready: T[] = [];
  let waiting: ((r: IteratorResult<T>) => void) | undefined;
  let ended = false;
  const source = {
    returned: false,
    [Symbol.asyncIterator]: () => ({
      next: (): Promise<IteratorResult<T>> => {
        if (ready.length > 0) return Promise.resolve({ value: ready.shift()!, done: false });
        if (ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (waiting = resolve));
      },
      return: async (): Promise<IteratorResult<T>> => {
        source.returned = true;
        return { value: undefined, done: true };
      },
    }),
  };
  (async () => {
    for (const group of groups) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      ready.push(...group);
      const w = waiting;
      waiting = undefined;
      if (w) w({ value: ready.shift()!, done: false });
    }
    ended = true;
    const w = waiting;
    waiting = undefined;
    w?.({ value: undefined, done: true });
  })();
  return source;
}

describe('readyBatches', () => {
  it('groups what is ready together and keeps the order', async () => {
    const out: number[][] = [];
    for await (const batch of readyBatches(bursts([[1, 2, 3], [4], [5, 6]]))) out.push(batch);
    assert.deepEqual(out, [[1, 2, 3], [4], [5, 6]]);
  });

  it('stops the source when the consumer stops early', async () => {
    const source = bursts([[1, 2], [3, 4]]);
    for await (const batch of readyBatches(source)) {
      assert.deepEqual(batch, [1, 2]);
      break;
    }
    assert.equal(source.returned, true);
  });

  it('yields one at a time from a source that is never ahead', async () => {
    async function* slow() {
      for (let i = 1; i <= 3; i++) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        yield i;
      }
    }
    const out: number[][] = [];
    for await (const batch of readyBatches(slow())) out.push(batch);
    assert.deepEqual(out, [[1], [2], [3]]);
  });

  it('still groups what is ready when an abort signal is given', async () => {
    const out: number[][] = [];
    for await (const batch of readyBatches(bursts([[1, 2, 3], [4], [5, 6]]), new AbortController().signal)) out.push(batch);
    assert.deepEqual(out, [[1, 2, 3], [4], [5, 6]]);
  });

  it('an abort while waiting rejects with its reason and stops the source (a draining worker)', async () => {
    const source = bursts<number>([[1], [2], [3], [4], [5], [6], [7], [8]]);
    const controller = new AbortController();
    const seen: number[][] = [];
    const reason = new Error('handed back');
    await assert.rejects(
      (async () => {
        for await (const batch of readyBatches(source, controller.signal)) {
          seen.push(batch);
          controller.abort(reason);
        }
      })(),
      (err) => err === reason,
    );
    assert.deepEqual(seen, [[1]]);
    assert.equal(source.returned, true);
  });
  it('with a window, items that arrive within it of the first join its batch', async () => {
    async function* spaced() {
      for (let i = 1; i <= 6; i++) {
        await new Promise((resolve) => setTimeout(resolve, i === 4 ? 600 : 2));
        yield i;
      }
    }
    const out: number[][] = [];
    for await (const batch of readyBatches(spaced(), undefined, { windowMs: 250 })) out.push(batch);
    assert.deepEqual(out, [[1, 2, 3], [4, 5, 6]]);
  });

  it('an abort within a window rejects at once and stops the source', async () => {
    const source = bursts<number>([[1], [2], [3], [4]]);
    const controller = new AbortController();
    const reason = new Error('handed back');
    setTimeout(() => controller.abort(reason), 1);
    const started = performance.now();
    await assert.rejects(
      (async () => {
        for await (const batch of readyBatches(source, controller.signal, { windowMs: 10_000 })) void batch;
      })(),
      (err) => err === reason,
    );
    assert.ok(performance.now() - started < 5_000);
    assert.equal(source.returned, true);
  });
  it('an item that ends its batch is given out at once, window or not, and nothing is given twice', async () => {
    const out: number[][] = [];
    for await (const batch of readyBatches(bursts([[1, 2], [3], [4, 5]]), undefined, { windowMs: 10_000, endsBatch: (n) => n === 2 })) out.push(batch);
    assert.deepEqual(out, [[1, 2], [3, 4, 5]]);
  });
});
