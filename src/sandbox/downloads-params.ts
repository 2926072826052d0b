/** Validates GET /v3/downloads query parameters the way Getty does and resolves the date defaults. */
import { SANDBOX_PRODUCT_TYPES, type SandboxProductType } from './dataset-types.js';
import type { SandboxDateParamStyle } from './types.js';
import { addDays, isIsoDay } from './utc-days.js';

export interface SandboxDownloadsRequest {
  page: number;
  pageSize: number;
  company: boolean;
  from?: string;
  to?: string;
  productType?: SandboxProductType;
}

export type ParamErrorCode = 'InvalidParameterValue' | 'UnrecognizedParameter';

export type ParsedParams = { ok: true; request: SandboxDownloadsRequest } | { ok: false; errorCode: ParamErrorCode; message: string };

const DEFAULT_PAGE_SIZE = 30;
const MAX_PAGE_SIZE = 100;
/** Getty's default window and the longest span it derives from a lone lower bound. */
const DEFAULT_WINDOW_DAYS = 30;

const DATE_PARAM_NAMES: Readonly<Record<SandboxDateParamStyle, readonly [from: string, to: string]>> = {
  start_end: ['start_date', 'end_date'],
  from_to: ['date_from', 'date_to'],
};

const PRODUCT_TYPE_SET: ReadonlySet<string> = new Set(SANDBOX_PRODUCT_TYPES);
const DIGITS = /^\d{1,9}$/;

export type DownloadsParamsParser = (params: URLSearchParams, today: string) => ParsedParams;

/** One parser per date style, so the accepted names are fixed at start-up. */
export function createDownloadsParamsParser(style: SandboxDateParamStyle): DownloadsParamsParser {
  const [fromName, toName] = DATE_PARAM_NAMES[style];
  const known: ReadonlySet<string> = new Set(['page', 'page_size', 'product_type', 'company_downloads', fromName, toName]);

  // The default window only moves once a day; no need to redo the date arithmetic per request.
  let windowFor = '';
  let windowStart = '';
  const defaultWindowStart = (today: string): string => {
    if (today !== windowFor) {
      windowFor = today;
      windowStart = addDays(today, -DEFAULT_WINDOW_DAYS);
    }
    return windowStart;
  };

  return (params, today) => {
    const unknown = [...new Set(params.keys())].filter((name) => !known.has(name));
    if (unknown.length > 0) {
      return {
        ok: false,
        errorCode: 'UnrecognizedParameter',
        message: `The following query parameters are not recognized: ${unknown.join(', ')}`,
      };
    }
    for (const name of known) {
      if (params.getAll(name).length > 1) return invalid(`${name} must be given at most once`);
    }

    const page = params.get('page');
    const pageSize = params.get('page_size');
    const productType = params.get('product_type');
    const company = params.get('company_downloads');
    const from = params.get(fromName);
    const to = params.get(toName);

    if (page !== null && !(DIGITS.test(page) && Number(page) >= 1)) {
      return invalid('page must be a positive integer');
    }
    if (pageSize !== null && !(DIGITS.test(pageSize) && Number(pageSize) >= 1 && Number(pageSize) <= MAX_PAGE_SIZE)) {
      return invalid(`page_size must be an integer between 1 and ${MAX_PAGE_SIZE}`);
    }
    // .NET binds enum and boolean values case-insensitively.
    let productTypeValue: SandboxProductType | undefined;
    if (productType !== null) {
      const lower = productType.toLowerCase();
      if (!isProductType(lower)) return invalid(`product_type must be one of ${SANDBOX_PRODUCT_TYPES.join(', ')}`);
      productTypeValue = lower;
    }
    const companyValue = company?.toLowerCase();
    if (companyValue !== undefined && companyValue !== 'true' && companyValue !== 'false') {
      return invalid('company_downloads must be true or false');
    }
    if (from !== null && !isIsoDay(from)) return invalid(`${fromName} must be a date in the form YYYY-MM-DD`);
    if (to !== null && !isIsoDay(to)) return invalid(`${toName} must be a date in the form YYYY-MM-DD`);
    if (from !== null && to !== null && from > to) return invalid(`${fromName} must be on or before ${toName}`);

    const request: SandboxDownloadsRequest = {
      page: page === null ? 1 : Number(page),
      pageSize: pageSize === null ? DEFAULT_PAGE_SIZE : Number(pageSize),
      company: companyValue === 'true',
      ...resolveDateRange(from, to, today, defaultWindowStart),
    };
    if (productTypeValue !== undefined) request.productType = productTypeValue;
    return { ok: true, request };
  };
}

/** Getty's defaults: no bounds → the last 30 days; only a lower bound → up to 30 days after it, capped at today. */
function resolveDateRange(from: string | null, to: string | null, today: string, defaultWindowStart: (today: string) => string): { from?: string; to?: string } {
  if (from === null) return to === null ? { from: defaultWindowStart(today), to: today } : { to };
  if (to !== null) return { from, to };
  const windowEnd = addDays(from, DEFAULT_WINDOW_DAYS);
  return { from, to: windowEnd < today ? windowEnd : today };
}

function isProductType(value: string): value is SandboxProductType {
  return PRODUCT_TYPE_SET.has(value);
}

function invalid(message: string): ParsedParams {
  return { ok: false, errorCode: 'InvalidParameterValue', message };
}
