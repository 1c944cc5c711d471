// Retry scheduler with exponential backoff: see the statement.
export interface RetryPolicy {
  baseMs: number;
  factor: number;
  maxDelayMs: number;
  maxAttempts: number;
}

export type JobStatus =
  | { state: 'waiting'; attempts: number; nextAt: number }
  | { state: 'running'; attempts: number }
  | { state: 'done'; attempts: number }
  | { state: 'dead'; attempts: number; lastError: string };

export class RetryScheduler {
  constructor(private readonly policy: RetryPolicy) {}

  add(id: string): void {
    // TODO
  }

  due(): string[] {
    return [];
  }

  succeeded(id: string): void {}

  failed(id: string, error: string): void {}

  status(id: string): JobStatus | undefined {
    return undefined;
  }
}
