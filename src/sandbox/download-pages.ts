/**
 * The hot path's data: every record serialized once at start-up, per-filter result lists and
 * encoded page bodies memoized, so a repeated request costs a lookup and a socket write.
 */
import type { SandboxDownloadsFilter, SandboxDataset, SandboxDownload } from './dataset-types.js';
import { toGettyRecord } from './getty-record.js';
import { queryDownloads } from './query-downloads.js';

/** Distinct filters and pages are few in practice; these only bound a runaway client. */
const MAX_CACHED_FILTERS = 1000;
const MAX_CACHED_PAGES = 500;

export interface MatchingDownloads {
  key: string;
  /** Serialized Getty records, newest first. */
  records: ReadonlyArray<string>;
}

export class DownloadPages {
  private readonly json = new Map<SandboxDownload, string>();
  private readonly results = new Map<string, MatchingDownloads>();
  private readonly bodies = new Map<string, Buffer>();

  constructor(
    private readonly dataset: SandboxDataset,
    thumbnailBaseUrl: string,
  ) {
    for (const download of dataset.downloads) {
      this.json.set(download, JSON.stringify(toGettyRecord(download, thumbnailBaseUrl)));
    }
  }

  matching(filter: SandboxDownloadsFilter): MatchingDownloads {
    const key = `${filter.company ? 'c' : 'u'}|${filter.username}|${filter.from ?? ''}|${filter.to ?? ''}|${filter.productType ?? ''}`;
    const cached = this.results.get(key);
    if (cached !== undefined) return cached;
    const result = { key, records: queryDownloads(this.dataset, filter).map((download) => this.serialized(download)) };
    if (this.results.size >= MAX_CACHED_FILTERS) this.results.clear();
    this.results.set(key, result);
    return result;
  }

  /** Getty's response body for one page, UTF-8 encoded. */
  body(matching: MatchingDownloads, page: number, pageSize: number): Buffer {
    const key = `${matching.key}|${page}|${pageSize}`;
    const cached = this.bodies.get(key);
    if (cached !== undefined) return cached;
    const start = (page - 1) * pageSize;
    const { records } = matching;
    const body = Buffer.from(`{"result_count":${records.length},"downloads":[${records.slice(start, start + pageSize).join(',')}]}`);
    if (this.bodies.size >= MAX_CACHED_PAGES) this.bodies.clear();
    this.bodies.set(key, body);
    return body;
  }

  private serialized(download: SandboxDownload): string {
    const json = this.json.get(download);
    // Only possible if the dataset's arrays were changed after start-up.
    if (json === undefined) throw new Error(`download ${download.id} was not serialized at start-up`);
    return json;
  }
}
