/** The one definition of which downloads a query returns; the server and the tests both use it. */
import type { SandboxDownloadsFilter, SandboxDataset, SandboxDownload } from './dataset-types.js';

export function queryDownloads(dataset: SandboxDataset, q: SandboxDownloadsFilter): ReadonlyArray<SandboxDownload> {
  const caller = dataset.users.find((user) => user.username === q.username);
  if (!caller) return [];
  const { from, to, productType } = q;
  // dataset.downloads is newest first, so filtering keeps that order.
  return dataset.downloads.filter((download) => {
    if (q.company ? download.accountId !== caller.accountId : download.ownerUsername !== caller.username) return false;
    if (productType !== undefined && download.product_type !== productType) return false;
    const day = download.date_downloaded.slice(0, 10);
    return (from === undefined || day >= from) && (to === undefined || day <= to);
  });
}
