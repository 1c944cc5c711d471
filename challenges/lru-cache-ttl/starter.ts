// LRU cache with a TTL: see the statement.
export class LruCache<V = unknown> {
  constructor(
    private readonly capacity: number,
    private readonly defaultTtlMs: number,
  ) {}

  get(key: string): V | undefined {
    // TODO
    return undefined;
  }

  set(key: string, value: V, ttlMs: number = this.defaultTtlMs): void {
    // TODO
  }

  has(key: string): boolean {
    return false;
  }

  delete(key: string): boolean {
    return false;
  }

  size(): number {
    return 0;
  }
}
