import { MAX_PAGE_SIZE } from './window.js';
import type { WindowSpec } from './window.js';

/** One upstream page: 1-based `page` of `pageSize` items. */
export interface PageRequest {
  page: number;
  pageSize: number;
}

/** Offsets from `start` (inclusive) to `end` (exclusive). */
export interface Range {
  start: number;
  end: number;
}

export function pageRange({ page, pageSize }: PageRequest): Range {
  return { start: (page - 1) * pageSize, end: page * pageSize };
}

/**
 * The fewest upstream pages that hold `range` (at most MAX_PAGE_SIZE long): one page if
 * some page size puts the whole range on one page, else two consecutive pages. Among
 * equal counts the smallest page size wins, so Getty sends the fewest extra items.
 */
export function planPages(range: Range): PageRequest[] {
  const length = range.end - range.start;
  if (length <= 0 || length > MAX_PAGE_SIZE) throw new RangeError(`cannot plan a range of ${length} items`);
  const last = range.end - 1;
  for (let size = length; size <= MAX_PAGE_SIZE; size += 1) {
    const index = Math.floor(range.start / size);
    if (index === Math.floor(last / size)) return [{ page: index + 1, pageSize: size }];
  }
  for (let size = Math.ceil(length / 2); size <= MAX_PAGE_SIZE; size += 1) {
    const index = Math.floor(range.start / size);
    if (Math.floor(last / size) === index + 1) {
      return [
        { page: index + 1, pageSize: size },
        { page: index + 2, pageSize: size },
      ];
    }
  }
  throw new RangeError('unreachable: two pages of MAX_PAGE_SIZE hold any range of that length');
}

/**
 * The range to fetch before the list's length is known, or `undefined` when the window
 * is counted back from the unknown end (`last` without `before`).
 */
export function rangeBeforeTotal(spec: WindowSpec): Range | undefined {
  if (spec.anchor === 'start') {
    const end = spec.lo + spec.count;
    return { start: spec.lo, end: spec.hi === undefined ? end : Math.min(end, spec.hi) };
  }
  if (spec.hi === undefined) return undefined;
  return { start: Math.max(spec.lo, spec.hi - spec.count), end: spec.hi };
}

/** The returned slice once the list's length is known: possibly empty, never past the end. */
export function sliceForTotal(spec: WindowSpec, total: number): Range {
  const hi = Math.min(spec.hi ?? total, total);
  const lo = Math.min(spec.lo, hi);
  return spec.anchor === 'start' ? { start: lo, end: Math.max(lo, Math.min(spec.lo + spec.count, hi)) } : { start: Math.max(lo, hi - spec.count), end: hi };
}

/** The cheapest call that tells the list's length: page 1 always exists, even when empty. */
export const COUNT_ONLY: PageRequest = { page: 1, pageSize: 1 };

/**
 * The first call for a window: its first planned page when the range is known; for a
 * window counted from the end, the page the window would start on if the list ended right
 * after it, so short lists are answered by that one call.
 */
export function firstRequest(spec: WindowSpec): PageRequest {
  const known = rangeBeforeTotal(spec) ?? { start: spec.lo, end: spec.lo + spec.count };
  if (known.end <= known.start) return COUNT_ONLY;
  return planPages(known)[0] ?? COUNT_ONLY;
}
