// Token-bucket rate limiter: see the statement.
export class TokenBucket {
  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
  ) {}

  tryRemove(tokens = 1): boolean {
    // TODO
    return true;
  }

  available(): number {
    return this.capacity;
  }

  retryAfterMs(tokens = 1): number {
    return 0;
  }
}
