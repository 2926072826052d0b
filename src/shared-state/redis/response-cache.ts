import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { parseDownloadsPage } from '../../getty/records.js';
import { entryAge } from '../../getty/response-cache.js';
import type { CacheEntry, CachedPage, ResponseCache, ResponseCacheOptions } from '../../getty/response-cache.js';
import type { DownloadsPage } from '../../getty/records.js';
import type { RedisConnection } from './connection.js';

/** The text an entry was read as (or written as) on Redis, and what it decoded to. */
interface Decoded {
  readonly text: string;
  readonly entry: CacheEntry;
}

/**
 * Pages shared by every instance, kept as long as they may serve (TTL + stale-if-error).
 * Keys are digests of the in-process key, which already holds a credential digest, never a token.
 * When Redis fails or is slow, the in-process cache (written alongside) answers instead.
 *
 * An entry read again as the very text it was last read or written as gives the same page
 * object, so what was built from a page (its mapping, an answer rendered from it) is found by
 * the page's identity, as with the in-process cache; any other text, another instance's newer
 * page included, decodes to a new object.
 */
export class RedisResponseCache implements ResponseCache {
  readonly keepsPages = true;
  private readonly decoded: LRUCache<string, Decoded>;

  constructor(
    private readonly redis: RedisConnection,
    private readonly options: ResponseCacheOptions,
    private readonly local: ResponseCache,
    private readonly now: () => number = Date.now,
  ) {
    this.decoded = new LRUCache<string, Decoded>({ max: options.maxEntries });
  }

  async get(key: string): Promise<CachedPage | undefined> {
    if (!this.redis.up) return this.local.get(key);
    const redisKey = this.redisKey(key);
    let text: string | null;
    try {
      text = await this.redis.client.get(redisKey);
    } catch {
      return this.local.get(key);
    }
    const entry = text === null ? undefined : this.decode(redisKey, text);
    return entry === undefined ? undefined : entryAge(entry, this.options, this.now());
  }

  async set(key: string, page: DownloadsPage): Promise<void> {
    await this.local.set(key, page);
    if (!this.redis.up) return;
    const entry: CacheEntry = { page, storedAt: this.now() };
    const keepMs = this.options.ttlMs + this.options.staleIfErrorMs;
    const redisKey = this.redisKey(key);
    const text = JSON.stringify(entry);
    this.decoded.set(redisKey, { text, entry });
    await this.redis.client.set(redisKey, text, 'PX', Math.max(1, keepMs)).catch(() => undefined);
  }

  /** The entry `text` holds: the one decoded last time when the text is the same, else parsed anew. */
  private decode(redisKey: string, text: string): CacheEntry | undefined {
    const last = this.decoded.get(redisKey);
    if (last?.text === text) return last.entry;
    const entry = parseEntry(text);
    if (entry === undefined) this.decoded.delete(redisKey);
    else this.decoded.set(redisKey, { text, entry });
    return entry;
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
