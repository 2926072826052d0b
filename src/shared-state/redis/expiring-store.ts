import type { ExpiringStore } from '../../auth/session-store.js';
import type { RedisConnection } from './connection.js';

/**
 * Sessions and sign-ins under way, shared by every instance so any of them serves any browser.
 * Keys are digests of the browser's ids; values hold Getty tokens, which is why Redis must be
 * private (docs/scaling.md). While Redis answers it is the only truth (a session ended on one
 * instance is ended on all); while it is down, this process's own copies serve.
 */
export class RedisExpiringStore<T> implements ExpiringStore<T> {
  constructor(
    private readonly redis: RedisConnection,
    /** Anything not shaped like a T (another version wrote it) counts as absent. */
    private readonly parse: (value: unknown) => T | undefined,
    private readonly local: ExpiringStore<T>,
  ) {}

  async get(key: string): Promise<T | undefined> {
    if (!this.redis.up) return this.local.get(key);
    try {
      return this.decode(await this.redis.client.get(this.redis.key(key)));
    } catch {
      return this.local.get(key);
    }
  }

  async set(key: string, value: T, ttlMs: number): Promise<void> {
    await this.local.set(key, value, ttlMs);
    if (!this.redis.up) return;
    await this.redis.client.set(this.redis.key(key), JSON.stringify(value), 'PX', Math.max(1, Math.ceil(ttlMs))).catch(() => undefined);
  }

  async take(key: string): Promise<T | undefined> {
    const local = await this.local.take(key);
    if (!this.redis.up) return local;
    try {
      return this.decode(await this.redis.client.getdel(this.redis.key(key)));
    } catch {
      return local;
    }
  }

  async delete(key: string): Promise<void> {
    await this.local.delete(key);
    if (!this.redis.up) return;
    await this.redis.client.del(this.redis.key(key)).catch(() => undefined);
  }

  private decode(text: string | null): T | undefined {
    if (text === null) return undefined;
    try {
      return this.parse(JSON.parse(text));
    } catch {
      return undefined;
    }
  }
}
