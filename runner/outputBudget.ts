// One test's output budget (the challenge's `outputBytes`), kept on the host. Everything a submission sends
// back counts against the same budget, in UTF-8 bytes: every byte of every message that crosses from the
// isolate (status line, headers, body, thrown and load errors, with the JSON that carries them) and every
// console line. The harness refuses inside the isolate to build more than is left (sandbox.send in
// runner/sandbox.ts), so what crosses is bounded before it is copied; this count is the one that decides.

/** What the sandbox charges console output to. */
export interface OutputCharge {
  /** Bytes still available. */
  readonly left: number;
  /** Adds `bytes`; false once the total is over the limit (it stays over). */
  charge(bytes: number): boolean;
}

export class OutputBudget implements OutputCharge {
  private used = 0;

  constructor(readonly limit: number) {}

  get left(): number {
    return Math.max(0, this.limit - this.used);
  }

  get over(): boolean {
    return this.used > this.limit;
  }

  charge(bytes: number): boolean {
    this.used += bytes;
    return this.used <= this.limit;
  }

  /** Charges a message that crossed from the isolate, byte for byte; false when the test is over budget. */
  cross(text: string): boolean {
    return this.charge(Buffer.byteLength(text, 'utf8'));
  }

  /** The candidate-facing reason for `output_limit`. */
  message(): string {
    return `output is over the ${this.limit} byte limit (a test's status lines, headers, bodies, console and error text count together)`;
  }
}
