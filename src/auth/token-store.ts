/** A Getty access token as kept for reuse. Times are epoch milliseconds. */
export interface StoredToken {
  accessToken: string;
  /** From this instant a new token is fetched; until `expiresAt` this one still works. */
  refreshAt: number;
  expiresAt: number;
  refreshToken?: string;
}

/**
 * Where service-account tokens live between requests. Batch-shaped so that one lookup
 * serves a whole DataLoader batch, and so a shared store (Redis) costs one round trip.
 */
export interface TokenStore {
  getMany(keys: readonly string[]): Promise<Array<StoredToken | undefined>>;
  set(key: string, token: StoredToken): Promise<void>;
  delete(key: string): Promise<void>;
}

/** One process's store. Entries leave when they expire; keys are per service account, so few. */
export class MemoryTokenStore implements TokenStore {
  private readonly entries = new Map<string, StoredToken>();

  constructor(private readonly now: () => number = Date.now) {}

  async getMany(keys: readonly string[]): Promise<Array<StoredToken | undefined>> {
    const now = this.now();
    return keys.map((key) => {
      const entry = this.entries.get(key);
      if (entry !== undefined && entry.expiresAt <= now) {
        this.entries.delete(key);
        return undefined;
      }
      return entry;
    });
  }

  async set(key: string, token: StoredToken): Promise<void> {
    this.entries.set(key, token);
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
}
