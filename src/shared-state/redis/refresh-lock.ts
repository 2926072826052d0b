import { randomUUID } from 'node:crypto';
import type { HeldLock, RefreshLock } from '../../auth/refresh-lock.js';
import type { RedisConnection } from './connection.js';

/** Deletes the lock only if it is still ours: after expiry another instance may hold it. */
const RELEASE_IF_OURS = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * SET NX PX across instances. When Redis cannot answer, the lock counts as taken by this
 * process: a token renewal must not wait on a shared lock it cannot see.
 */
export class RedisRefreshLock implements RefreshLock {
  constructor(private readonly redis: RedisConnection) {}

  async tryAcquire(name: string, ttlMs: number): Promise<HeldLock | undefined> {
    const key = this.redis.key(`lock:${name}`);
    const owner = randomUUID();
    if (!this.redis.up) return { release: async () => undefined };
    let reply: string | null;
    try {
      reply = await this.redis.client.set(key, owner, 'PX', ttlMs, 'NX');
    } catch {
      return { release: async () => undefined };
    }
    if (reply !== 'OK') return undefined;
    return {
      release: async () => {
        await this.redis.client.eval(RELEASE_IF_OURS, 1, key, owner).catch(() => undefined);
      },
    };
  }
}
