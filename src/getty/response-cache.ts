import { LRUCache } from 'lru-cache';
import type { DownloadsPage } from './records.js';

export interface ResponseCacheOptions {
  ttlMs: number;
  maxEntries: number;
  /** How long past its TTL an entry may still answer while Getty is failing. */
  staleIfErrorMs: number;
}

export interface CachedPage {
  page: DownloadsPage;
  fresh: boolean;
}

/**
 * A short-lived cache of upstream pages, in-process or shared (Redis). Keys include a
 * digest of the credential, so one customer's pages never answer another's request.
 * Neither method fails: a cache that cannot answer is a miss.
 */
export interface ResponseCache {
  /**
   * Whether a fresh entry read twice gives the same page object (an in-process cache), so
   * what was built from a page can be remembered by the page's identity.
   */
  readonly keepsPages: boolean;
  /** A fresh entry, or one still usable when Getty fails; `undefined` past both. */
  get(key: string): Promise<CachedPage | undefined>;
  set(key: string, page: DownloadsPage): Promise<void>;
}

/** A stored page and when it was stored (epoch ms), as both implementations keep it. */
export interface CacheEntry {
  page: DownloadsPage;
  storedAt: number;
}

/** Fresh within the TTL, stale within the stale-if-error window after it, then nothing. */
export function entryAge(entry: CacheEntry, options: ResponseCacheOptions, now: number): CachedPage | undefined {
  const age = now - entry.storedAt;
  if (age <= options.ttlMs) return { page: entry.page, fresh: true };
  if (age <= options.ttlMs + options.staleIfErrorMs) return { page: entry.page, fresh: false };
  return undefined;
}

/** One process's cache, bounded (LRU). */
export class MemoryResponseCache implements ResponseCache {
  readonly keepsPages = true;
  private readonly entries: LRUCache<string, CacheEntry>;

  constructor(
    private readonly options: ResponseCacheOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.entries = new LRUCache<string, CacheEntry>({ max: options.maxEntries });
  }

  async get(key: string): Promise<CachedPage | undefined> {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    const cached = entryAge(entry, this.options, this.now());
    if (cached === undefined) this.entries.delete(key);
    return cached;
  }

  async set(key: string, page: DownloadsPage): Promise<void> {
    this.keep(key, { page, storedAt: this.now() });
  }

  /** Keeps an entry stored elsewhere (another instance's, on Redis) as of when it was stored there. */
  keep(key: string, entry: CacheEntry): void {
    this.entries.set(key, entry);
  }

  get size(): number {
    return this.entries.size;
  }
}
