import { EventEmitter } from 'node:events';
import type { RedisConnection } from './connection.js';

/**
 * A Keyv store on the process's one ioredis client (rather than @keyv/redis, which would
 * bring a second client, node-redis, with its own connection and reconnection policy).
 * Apollo's persisted-query cache reads through it; a failed or slow command is a miss,
 * after which the client sends the full query again, so Redis never fails a request.
 * Keyv's store contract (get, set, delete, clear, events) for string values: Keyv serializes
 * entries before they reach a store, which its generic `KeyvStoreAdapter` type cannot express.
 */
export class RedisKeyvStore extends EventEmitter {
  readonly opts: Record<string, never> = {};
  namespace?: string | undefined;

  constructor(private readonly redis: RedisConnection) {
    super();
  }

  async get(key: string): Promise<string | undefined> {
    if (!this.redis.up) return undefined;
    return this.redis.client.get(this.redisKey(key)).then(
      (value) => value ?? undefined,
      () => undefined,
    );
  }

  async set(key: string, value: unknown, ttl?: number): Promise<boolean> {
    if (!this.redis.up || typeof value !== 'string') return false;
    const write = ttl !== undefined && ttl > 0 ? this.redis.client.set(this.redisKey(key), value, 'PX', ttl) : this.redis.client.set(this.redisKey(key), value);
    return write.then(
      () => true,
      () => false,
    );
  }

  async delete(key: string): Promise<boolean> {
    if (!this.redis.up) return false;
    return this.redis.client.del(this.redisKey(key)).then(
      (count) => count > 0,
      () => false,
    );
  }

  /** Deletes this namespace's keys (SCAN, never KEYS, so Redis is not blocked). */
  async clear(): Promise<void> {
    if (!this.redis.up) return;
    const stream = this.redis.client.scanStream({ match: `${this.redisKey('')}*`, count: 100 });
    for await (const keys of stream as AsyncIterable<string[]>) {
      if (keys.length > 0) await this.redis.client.del(...keys).catch(() => 0);
    }
  }

  private redisKey(key: string): string {
    return this.redis.key(key);
  }
}
