import { MemoryTokenStore } from '../../auth/token-store.js';
import type { StoredToken, TokenStore } from '../../auth/token-store.js';
import type { RedisConnection } from './connection.js';

/** Kept past the access token's expiry: the refresh token in the entry still serves the next grant. */
const KEEP_AFTER_EXPIRY_MS = 24 * 60 * 60 * 1000;

/**
 * Service-account tokens shared by every instance: one MGET per batch. The entry is a
 * secret (a working Getty token), which is why Redis must be private (docs/scaling.md).
 * Every token is also kept in-process, and a failed or slow Redis command answers from there.
 */
export class RedisTokenStore implements TokenStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly local: TokenStore = new MemoryTokenStore(),
    private readonly now: () => number = Date.now,
  ) {}

  async getMany(keys: readonly string[]): Promise<Array<StoredToken | undefined>> {
    if (!this.redis.up) return this.local.getMany(keys);
    let values: Array<string | null>;
    try {
      values = await this.redis.client.mget(keys.map((key) => this.redis.key(key)));
    } catch {
      return this.local.getMany(keys);
    }
    // A Redis that restarted empty: this process's copy saves a token call.
    const local = values.includes(null) ? await this.local.getMany(keys) : [];
    return values.map((value, index) => (value === null ? local[index] : parseStoredToken(value)));
  }

  async set(key: string, token: StoredToken): Promise<void> {
    await this.local.set(key, token);
    if (!this.redis.up) return;
    const keepMs = Math.max(1, token.expiresAt - this.now()) + KEEP_AFTER_EXPIRY_MS;
    await this.redis.client.set(this.redis.key(key), JSON.stringify(token), 'PX', keepMs).catch(() => undefined);
  }
}

/** An entry another instance (or version) wrote: anything not shaped like a token counts as absent. */
export function parseStoredToken(text: string): StoredToken | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { accessToken, refreshAt, expiresAt, refreshToken } = value as Record<string, unknown>;
  if (typeof accessToken !== 'string' || typeof refreshAt !== 'number' || typeof expiresAt !== 'number') return undefined;
  if (refreshToken !== undefined && typeof refreshToken !== 'string') return undefined;
  return { accessToken, refreshAt, expiresAt, ...(refreshToken === undefined ? {} : { refreshToken }) };
}
