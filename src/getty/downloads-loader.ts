import DataLoader from 'dataloader';
import type { GettyClient } from './client.js';
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
export function createDownloadsLoader(
  client: GettyClient,
  acceptLanguage: string | undefined,
  onCall: () => void,
): DownloadsLoader {
  return new DataLoader<DownloadsKey, DownloadsPage, string>(
    (keys) =>
      Promise.all(
        keys.map(({ accessToken, query }) => {
          onCall();
          return client.downloads(client.search(query), { accessToken, acceptLanguage }).catch((error: Error) => error);
        }),
      ),
    { cacheKeyFn: ({ accessToken, query }) => `${accessToken}\n${client.search(query)}` },
  );
}
