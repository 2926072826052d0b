import { LRUCache } from 'lru-cache';

/** Long enough to absorb a client retrying a dead token in a loop, short enough that nothing stays stale for long. */
const REFUSED_TOKEN_TTL_MS = 60_000;
const MAX_REMEMBERED = 10_000;

/**
 * Tokens Getty answered 401 for, by credential digest, for a short while: a client that keeps
 * sending an expired or made-up token is refused here instead of spending the API key's
 * budget on Getty calls that cannot succeed. Bounded (LRU), in this process only.
 */
export class RefusedTokens {
  private readonly refused: LRUCache<string, true>;

  /** `clock` in milliseconds, read on every check (one per request: cheap), so a test can move it. */
  constructor(clock: { now(): number } = performance) {
    this.refused = new LRUCache<string, true>({ max: MAX_REMEMBERED, ttl: REFUSED_TOKEN_TTL_MS, perf: clock, ttlResolution: 0 });
  }

  has(credential: string): boolean {
    return this.refused.has(credential);
  }

  add(credential: string): void {
    this.refused.set(credential, true);
  }
}
