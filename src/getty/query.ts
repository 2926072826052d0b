import type { DateParamStyle } from '../config/env.js';

/** The query of one `GET /v3/downloads` call, in Getty's vocabulary. */
export interface DownloadsQuery {
  page: number;
  pageSize: number;
  from: string | undefined;
  to: string | undefined;
  productType: string | undefined;
  companyDownloads: boolean;
}

const DATE_PARAMS: Record<DateParamStyle, readonly [string, string]> = {
  start_end: ['start_date', 'end_date'],
  from_to: ['date_from', 'date_to'],
};

/**
 * The query string, in one fixed order so that equal queries are equal strings (the
 * string is the de-duplication key). Getty answers unknown parameters with 400, so only
 * one date style is ever sent, and defaults are left out.
 */
export function downloadsSearch(query: DownloadsQuery, style: DateParamStyle): string {
  const [fromParam, toParam] = DATE_PARAMS[style];
  let search = `page=${query.page}&page_size=${query.pageSize}`;
  if (query.productType !== undefined) search += `&product_type=${encodeURIComponent(query.productType)}`;
  if (query.companyDownloads) search += '&company_downloads=true';
  if (query.from !== undefined) search += `&${fromParam}=${encodeURIComponent(query.from)}`;
  if (query.to !== undefined) search += `&${toParam}=${encodeURIComponent(query.to)}`;
  return search;
}
