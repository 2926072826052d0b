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
}

/**
 * One process's store. Entries outlive their access token on purpose: the refresh token
 * in them is still good for the next grant. There is one key per service account, so the
 * map stays tiny.
 */
export class MemoryTokenStore implements TokenStore {
  private readonly entries = new Map<string, StoredToken>();

  async getMany(keys: readonly string[]): Promise<Array<StoredToken | undefined>> {
    return keys.map((key) => this.entries.get(key));
  }

  async set(key: string, token: StoredToken): Promise<void> {
    this.entries.set(key, token);
  }
}
