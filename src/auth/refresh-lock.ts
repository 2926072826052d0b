/** Held while one instance renews the service-account token; others wait for its result. */
export interface HeldLock {
  release(): Promise<void>;
}

/**
 * Who renews a token when several processes share one store. `undefined`: another holder
 * has the lock, and its new token will appear in the store. The lock expires by itself, so
 * a holder that dies does not block renewals for longer than `ttlMs`.
 */
export interface RefreshLock {
  tryAcquire(key: string, ttlMs: number): Promise<HeldLock | undefined>;
}

const NOTHING_TO_RELEASE: HeldLock = { release: async () => undefined };

/** One process alone: ServiceAccountTokens already sends one renewal at a time, so the lock is always free. */
export class ProcessRefreshLock implements RefreshLock {
  async tryAcquire(): Promise<HeldLock> {
    return NOTHING_TO_RELEASE;
  }
}
