import { badUserInput } from '../../errors.js';
import type { DownloadsQuery } from '../../getty/query.js';
import type { ProductType } from './product-types.js';
import { GETTY_PRODUCT_TYPES } from './product-types.js';

/** The filter arguments of `downloads`, with dates as `YYYY-MM-DD` UTC calendar days. */
export interface DownloadsFilter {
  from: string | undefined;
  to: string | undefined;
  productType: ProductType | undefined;
  companyDownloads: boolean;
}

/** What goes upstream: Getty's spelling, and the date bounds actually sent. */
export type UpstreamFilter = Omit<DownloadsQuery, 'page' | 'pageSize'>;

export function validateFilter(filter: DownloadsFilter): DownloadsFilter {
  if (filter.from !== undefined && filter.to !== undefined && filter.from > filter.to) {
    throw badUserInput(`dateRange.from (${filter.from}) is after dateRange.to (${filter.to}): swap them or leave one out`, 'dateRange');
  }
  return filter;
}

/**
 * With only `from`, Getty would end the range 30 days later; sending today's date as `to`
 * gives the caller everything since `from`, which is what the argument promises.
 */
export function toUpstreamFilter(filter: DownloadsFilter, today: string): UpstreamFilter {
  return {
    from: filter.from,
    to: filter.to ?? (filter.from === undefined ? undefined : laterDay(filter.from, today)),
    productType: filter.productType === undefined ? undefined : GETTY_PRODUCT_TYPES[filter.productType],
    companyDownloads: filter.companyDownloads,
  };
}

function laterDay(a: string, b: string): string {
  return a > b ? a : b;
}

export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
