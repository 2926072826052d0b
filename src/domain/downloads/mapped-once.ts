import type { DownloadRecord } from '../../getty/records.js';
import { toDownload } from './mapping.js';
import type { DownloadModel, UnknownValueReporter } from './mapping.js';

/**
 * Each page of records mapped once, whole. A page answered from the in-process response
 * cache, or shared by requests coalesced onto one upstream call, is the same array every
 * time, so its records are mapped (ids hashed, dates and URLs parsed) for the first request
 * only. One weak entry per page, not per record, so a page seen once costs one entry. Weak
 * keys: the models live as long as the page does. Models are read-only after mapping. An
 * unknown upstream value is reported when its page is first mapped.
 */
const models = new WeakMap<readonly DownloadRecord[], readonly DownloadModel[]>();

export function toDownloadsOnce(records: readonly DownloadRecord[], report: UnknownValueReporter): readonly DownloadModel[] {
  const known = models.get(records);
  if (known !== undefined) return known;
  const mapped = records.map((record) => toDownload(record, report));
  models.set(records, mapped);
  return mapped;
}
