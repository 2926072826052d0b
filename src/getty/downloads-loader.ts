import DataLoader from 'dataloader';
import type { Span } from '../tracing/tracer.js';
import type { DownloadsSource } from './downloads-source.js';
import type { DownloadsQuery } from './query.js';
import type { DownloadsPage } from './records.js';

export interface DownloadsKey {
  accessToken: string;
  query: DownloadsQuery;
}

export type DownloadsLoader = DataLoader<DownloadsKey, DownloadsPage, string>;

/**
 * A per-request loader of upstream pages keyed by credential and normalized query, so
 * identical GETs within one GraphQL request (aliases, repeated fields) are sent once.
 */
export interface DownloadsLoaderHooks {
  /** Once per distinct page the request needs. */
  onCall(): void;
  /** A page came from the cache because Getty failed. */
  onStale(): void;
  /** A page the request read, whichever way it came. */
  onPage(key: DownloadsKey, page: DownloadsPage): void;
}

export function createDownloadsLoader(
  source: DownloadsSource,
  search: (query: DownloadsQuery) => string,
  caller: { acceptLanguage: string | undefined; requestId: string; trace: Span },
  hooks: DownloadsLoaderHooks,
): DownloadsLoader {
  const { acceptLanguage, requestId, trace } = caller;
  return new DataLoader<DownloadsKey, DownloadsPage, string>(
    (keys) =>
      Promise.all(
        keys.map(async ({ accessToken, query }) => {
          hooks.onCall();
          try {
            const { page, stale } = await source.fetch(search(query), { accessToken, acceptLanguage, requestId, trace });
            if (stale) hooks.onStale();
            hooks.onPage({ accessToken, query }, page);
            return page;
          } catch (error) {
            return error as Error;
          }
        }),
      ),
    { cacheKeyFn: ({ accessToken, query }) => `${accessToken}\n${search(query)}` },
  );
}
