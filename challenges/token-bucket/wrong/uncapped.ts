// Wrong: the bucket is never capped, so a long idle time allows a burst beyond its capacity.
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
  ) {
    this.tokens = capacity;
    this.last = Date.now();
  }

  private refill(): void {
    const now = Date.now();
    this.tokens = this.tokens + ((now - this.last) * this.refillPerSecond) / 1000;
    this.last = now;
  }

  private check(n: number): void {
    if (!Number.isInteger(n) || n < 1 || n > this.capacity) throw new RangeError(`cannot take ${n} tokens from a bucket of ${this.capacity}`);
  }

  tryRemove(tokens = 1): boolean {
    this.check(tokens);
    this.refill();
    if (this.tokens < tokens) return false;
    this.tokens -= tokens;
    return true;
  }

  available(): number {
    this.refill();
    return Math.floor(this.tokens);
  }

  retryAfterMs(tokens = 1): number {
    this.check(tokens);
    this.refill();
    const missing = tokens - this.tokens;
    return missing <= 0 ? 0 : Math.ceil((missing * 1000) / this.refillPerSecond);
  }
}
