import type { DownloadsQuery } from '../../getty/query.js';
import type { DownloadsPage } from '../../getty/records.js';
import { toConnection } from '../pagination/connection.js';
import type { Connection } from '../pagination/connection.js';
import { cursorScope, decodeCursor } from '../pagination/cursor.js';
import { fetchSlice } from '../pagination/fetch-slice.js';
import { windowSpec } from '../pagination/window.js';
import type { WindowSpec } from '../pagination/window.js';
import { toUpstreamFilter, validateFilter } from './filter.js';
import type { DownloadsFilter } from './filter.js';
import { toDownloadsOnce } from './mapped-once.js';
import type { DownloadModel, UnknownValueReporter } from './mapping.js';

/** The `downloads` arguments, dates already as `YYYY-MM-DD`. */
export interface DownloadsArgs extends DownloadsFilter {
  first: number | null | undefined;
  last: number | null | undefined;
  after: string | null | undefined;
  before: string | null | undefined;
}

/** Validated arguments: every input error is raised here, before any token or upstream call. */
export interface DownloadsRequest {
  filter: DownloadsFilter;
  window: WindowSpec;
  scope: string;
}

export function prepareDownloads(args: DownloadsArgs): DownloadsRequest {
  const filter = validateFilter({
    from: args.from,
    to: args.to,
    productType: args.productType,
    companyDownloads: args.companyDownloads,
  });
  const scope = cursorScope([filter.from, filter.to, filter.productType, filter.companyDownloads]);
  const window = windowSpec({
    first: args.first,
    last: args.last,
    after: args.after === null || args.after === undefined ? undefined : decodeCursor(args.after, scope, 'after'),
    before: args.before === null || args.before === undefined ? undefined : decodeCursor(args.before, scope, 'before'),
  });
  return { filter, window, scope };
}

export type PageLoader = (query: DownloadsQuery) => Promise<DownloadsPage>;

/**
 * One page of the connection, fetched with the fewest upstream calls the window allows;
 * each upstream page is mapped once, whole (see toDownloadsOnce).
 */
export async function downloadsConnection(
  request: DownloadsRequest,
  today: string,
  loadPage: PageLoader,
  report: UnknownValueReporter,
): Promise<Connection<DownloadModel>> {
  const filter = toUpstreamFilter(request.filter, today);
  const slice = await fetchSlice(request.window, async ({ page, pageSize }) => {
    const answer = await loadPage({ ...filter, page, pageSize });
    return { total: answer.result_count, items: toDownloadsOnce(answer.downloads, report) };
  });
  return toConnection(slice, request.scope);
}
