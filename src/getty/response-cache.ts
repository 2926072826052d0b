import { LRUCache } from 'lru-cache';
import type { DownloadsPage } from './records.js';

export interface ResponseCacheOptions {
  ttlMs: number;
  maxEntries: number;
  /** How long past its TTL an entry may still answer while Getty is failing. */
  staleIfErrorMs: number;
}

interface Entry {
  page: DownloadsPage;
  storedAt: number;
}

export interface CachedPage {
  page: DownloadsPage;
  fresh: boolean;
}

/**
 * A short-lived, bounded (LRU) cache of upstream pages. Keys include a digest of the
 * credential, so one customer's pages never answer another's request.
 */
export class ResponseCache {
  private readonly entries: LRUCache<string, Entry>;

  constructor(
    private readonly options: ResponseCacheOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.entries = new LRUCache<string, Entry>({ max: options.maxEntries });
  }

  /** A fresh entry, or one still usable when Getty fails; `undefined` past both. */
  get(key: string): CachedPage | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    const age = this.now() - entry.storedAt;
    if (age <= this.options.ttlMs) return { page: entry.page, fresh: true };
    if (age <= this.options.ttlMs + this.options.staleIfErrorMs) return { page: entry.page, fresh: false };
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, page: DownloadsPage): void {
    this.entries.set(key, { page, storedAt: this.now() });
  }

  get size(): number {
    return this.entries.size;
  }
}
