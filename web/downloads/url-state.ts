import { isProductType } from './labels.js';
import type { Filters, PageMove } from './paging.js';

/** What the address bar holds: the filters, the page number and the cursor that reaches it. */
export interface PageState {
  filters: Filters;
  /** 0-based; the URL shows it 1-based. */
  pageIndex: number;
  move: PageMove;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const FIRST_PAGE: PageState = {
  filters: { from: '', to: '', productType: null, companyDownloads: false },
  pageIndex: 0,
  move: { kind: 'first' },
};

/**
 * Reads `?from=&to=&type=&company=1&page=&after=` (or `before=`). Anything malformed falls back
 * to its default, so a hand-edited or truncated link still opens a page; a cursor that does
 * not fit the filters is the gateway's to refuse, with a message the page shows.
 */
export function readPageState(search: string): PageState {
  const params = new URLSearchParams(search);
  const day = (name: string) => {
    const value = params.get(name) ?? '';
    return DAY.test(value) ? value : '';
  };
  const type = params.get('type') ?? '';
  const filters: Filters = {
    from: day('from'),
    to: day('to'),
    productType: isProductType(type) ? type : null,
    companyDownloads: params.get('company') === '1',
  };
  const after = params.get('after');
  const before = params.get('before');
  const page = Number(params.get('page'));
  const pageIndex = Number.isInteger(page) && page > 1 ? page - 1 : 0;
  // A page after a cursor is at least the second one.
  if (after !== null && after !== '') return { filters, pageIndex: Math.max(1, pageIndex), move: { kind: 'next', after } };
  if (before !== null && before !== '') return { filters, pageIndex, move: { kind: 'previous', before } };
  return { filters, pageIndex: 0, move: { kind: 'first' } };
}

/** The query string for a state: only what differs from the defaults, so the first page is a bare `/`. */
export function pageStateSearch(state: PageState): string {
  const params = new URLSearchParams();
  const { filters, move } = state;
  if (filters.from !== '') params.set('from', filters.from);
  if (filters.to !== '') params.set('to', filters.to);
  if (filters.productType !== null) params.set('type', filters.productType);
  if (filters.companyDownloads) params.set('company', '1');
  if (move.kind !== 'first') {
    params.set('page', String(state.pageIndex + 1));
    if (move.kind === 'next') params.set('after', move.after);
    else params.set('before', move.before);
  }
  const search = params.toString();
  return search === '' ? '' : `?${search}`;
}
