import { createHash } from 'node:crypto';
import { parseDownloadsPage } from '../../getty/records.js';
import { entryAge } from '../../getty/response-cache.js';
import type { CacheEntry, CachedPage, ResponseCache, ResponseCacheOptions } from '../../getty/response-cache.js';
import type { DownloadsPage } from '../../getty/records.js';
import type { RedisConnection } from './connection.js';

/**
 * Pages shared by every instance, kept as long as they may serve (TTL + stale-if-error).
 * Keys are digests of the in-process key, which already holds a credential digest, never a token.
 * When Redis fails or is slow, the in-process cache (written alongside) answers instead.
 */
export class RedisResponseCache implements ResponseCache {
  /** Every read parses a new page. */
  readonly keepsPages = false;

  constructor(
    private readonly redis: RedisConnection,
    private readonly options: ResponseCacheOptions,
    private readonly local: ResponseCache,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string): Promise<CachedPage | undefined> {
    if (!this.redis.up) return this.local.get(key);
    let text: string | null;
    try {
      text = await this.redis.client.get(this.redisKey(key));
    } catch {
      return this.local.get(key);
    }
    const entry = text === null ? undefined : parseEntry(text);
    return entry === undefined ? undefined : entryAge(entry, this.options, this.now());
  }

  async set(key: string, page: DownloadsPage): Promise<void> {
    await this.local.set(key, page);
    if (!this.redis.up) return;
    const entry: CacheEntry = { page, storedAt: this.now() };
    const keepMs = this.options.ttlMs + this.options.staleIfErrorMs;
    await this.redis.client.set(this.redisKey(key), JSON.stringify(entry), 'PX', Math.max(1, keepMs)).catch(() => undefined);
  }

  private redisKey(key: string): string {
    return this.redis.key(`page:${createHash('sha256').update(key).digest('base64url')}`);
  }
}

/** Written by this code, but read like any edge: an entry of another shape is a miss. */
function parseEntry(text: string): CacheEntry | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { page, storedAt } = value as Record<string, unknown>;
    if (typeof storedAt !== 'number') return undefined;
    return { page: parseDownloadsPage(page), storedAt };
  } catch {
    return undefined;
  }
}
