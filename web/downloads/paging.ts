import type { DownloadsPageQueryVariables, ProductType } from './generated/graphql.js';

/** What the filter form asks for; empty strings and null mean "not set". */
export interface Filters {
  /** `YYYY-MM-DD` or empty. */
  from: string;
  to: string;
  productType: ProductType | null;
  companyDownloads: boolean;
}

/** The first page, or a neighbour of the page on screen, reached through that page's cursors. */
export type PageMove = { kind: 'first' } | { kind: 'next'; after: string } | { kind: 'previous'; before: string };

/**
 * The operation's variables for a move. Unset filters are left out rather than sent as null,
 * so the schema's defaults apply (`companyDownloads: false`, Getty's last-30-days window).
 */
export function pageVariables(filters: Filters, move: PageMove, pageSize: number): DownloadsPageQueryVariables {
  const variables: DownloadsPageQueryVariables = {};
  if (filters.from !== '' || filters.to !== '') {
    variables.dateRange = {
      ...(filters.from === '' ? {} : { from: filters.from }),
      ...(filters.to === '' ? {} : { to: filters.to }),
    };
  }
  if (filters.productType !== null) variables.productType = filters.productType;
  if (filters.companyDownloads) variables.companyDownloads = true;
  switch (move.kind) {
    case 'first':
      return { ...variables, first: pageSize };
    case 'next':
      return { ...variables, first: pageSize, after: move.after };
    case 'previous':
      return { ...variables, last: pageSize, before: move.before };
  }
}

/**
 * The page number (0-based) after a move. Pages stay aligned to the page size in both
 * directions: `last: n, before: <start of page k>` is exactly page k - 1.
 */
export function pageIndexAfter(current: number, move: PageMove): number {
  switch (move.kind) {
    case 'first':
      return 0;
    case 'next':
      return current + 1;
    case 'previous':
      return Math.max(0, current - 1);
  }
}

/** "Showing 25–48 of 2,000", or the empty case. */
export function rangeText(pageIndex: number, pageSize: number, shown: number, total: number, format: (n: number) => string): string {
  if (shown === 0) return total === 0 ? 'No downloads match these filters.' : `No downloads on this page (${format(total)} in total).`;
  const start = pageIndex * pageSize + 1;
  return `Showing ${format(start)}–${format(start + shown - 1)} of ${format(total)} ${total === 1 ? 'download' : 'downloads'}`;
}
