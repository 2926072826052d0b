import { createHash } from 'node:crypto';
import { parseDownloadsPage } from '../../getty/records.js';
import { entryAge } from '../../getty/response-cache.js';
import type { CacheEntry, CachedPage, MemoryResponseCache, ResponseCache, ResponseCacheOptions } from '../../getty/response-cache.js';
import type { DownloadsPage } from '../../getty/records.js';
import type { RedisConnection } from './connection.js';

/**
 * Pages shared by every instance, kept as long as they may serve (TTL + stale-if-error).
 * Keys are digests of the in-process key, which already holds a credential digest, never a token.
 *
 * Each instance keeps its own copy of every page it wrote or read (`near`, bounded like any
 * in-process cache) and answers from it while it is fresh, without asking Redis: a fresh copy
 * is as good as Redis's, which is no fresher than the TTL either, and a page read again is the
 * same object, so what was built from it (its mapping, an answer rendered from it) is found by the
 * page's identity. Redis is asked only when this instance has no fresh copy: a page another
 * instance stored, or one stored anew since this instance's copy went stale. When Redis fails or
 * is slow, the copy answers, stale or not, as the in-process cache would.
 */
export class RedisResponseCache implements ResponseCache {
  readonly keepsPages = true;

  constructor(
    private readonly redis: RedisConnection,
    private readonly options: ResponseCacheOptions,
    private readonly near: MemoryResponseCache,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string): Promise<CachedPage | undefined> {
    const copy = await this.near.get(key);
    if (copy?.fresh === true || !this.redis.up) return copy;
    let text: string | null;
    try {
      text = await this.redis.client.get(this.redisKey(key));
    } catch {
      return copy;
    }
    const entry = text === null ? undefined : parseEntry(text);
    const shared = entry === undefined ? undefined : entryAge(entry, this.options, this.now());
    // A stale entry on Redis is no better than this instance's own stale copy, and may be older.
    if (entry === undefined || shared === undefined || (!shared.fresh && copy !== undefined)) return copy;
    this.near.keep(key, entry);
    return shared;
  }

  async set(key: string, page: DownloadsPage): Promise<void> {
    const entry: CacheEntry = { page, storedAt: this.now() };
    this.near.keep(key, entry);
    if (!this.redis.up) return;
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
