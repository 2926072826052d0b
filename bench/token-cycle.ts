/**
 * Hands out a pool of Authorization values in turn, wrapping around at the end: with a pool
 * larger than the requests in flight, no two concurrent requests share a token.
 */
export class TokenCycle {
  private index = 0;
  private handedOut = 0;

  constructor(private readonly values: ReadonlyArray<string>) {
    if (values.length === 0) throw new Error('a token cycle needs at least one value');
  }

  next(): string {
    const value = this.values[this.index] as string;
    this.index = (this.index + 1) % this.values.length;
    this.handedOut += 1;
    return value;
  }

  get size(): number {
    return this.values.length;
  }

  /** How many values were handed out in all, to tell when the pool wrapped around. */
  get count(): number {
    return this.handedOut;
  }
}
