import { describe, expect, it } from '@jest/globals';
import { COUNT_ONLY, firstRequest, pageRange, planPages, rangeBeforeTotal, sliceForTotal } from '../../src/domain/pagination/planner.js';
import { MAX_PAGE_SIZE, windowSpec } from '../../src/domain/pagination/window.js';

/** Brute force: does any page size up to the limit hold [start, end) on one page? */
function fitsOnePage(start: number, end: number): boolean {
  for (let size = end - start; size <= MAX_PAGE_SIZE; size += 1) {
    if (Math.floor(start / size) === Math.floor((end - 1) / size)) return true;
  }
  return false;
}

describe('planPages', () => {
  it('covers every window of 1..100 items at offsets 0..400 with the fewest pages', () => {
    const wrong: string[] = [];
    for (let start = 0; start <= 400; start += 1) {
      for (let length = 1; length <= MAX_PAGE_SIZE; length += 1) {
        const end = start + length;
        const pages = planPages({ start, end });
        const ranges = pages.map(pageRange);
        const covers = ranges[0]!.start <= start && ranges.at(-1)!.end >= end && (ranges.length === 1 || ranges[1]!.start === ranges[0]!.end);
        const valid = pages.every((p) => p.page >= 1 && p.pageSize >= 1 && p.pageSize <= MAX_PAGE_SIZE);
        const fewest = pages.length === (fitsOnePage(start, end) ? 1 : 2);
        if (!covers || !valid || !fewest) wrong.push(`[${start}, ${end}) -> ${JSON.stringify(pages)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('prefers the smallest page size that fits', () => {
    expect(planPages({ start: 0, end: 20 })).toEqual([{ page: 1, pageSize: 20 }]);
    // Offsets 38..57 (after a cursor at 37): page 2 of 29 holds 29..57.
    expect(planPages({ start: 38, end: 58 })).toEqual([{ page: 2, pageSize: 29 }]);
    // 100 items at 150 fit no single page; two pages of 50 hold them exactly.
    expect(planPages({ start: 150, end: 250 })).toEqual([
      { page: 4, pageSize: 50 },
      { page: 5, pageSize: 50 },
    ]);
  });

  it('refuses empty and over-long ranges', () => {
    expect(() => planPages({ start: 5, end: 5 })).toThrow(RangeError);
    expect(() => planPages({ start: 0, end: 101 })).toThrow(RangeError);
  });
});

describe('windowSpec', () => {
  it('defaults to the first 30', () => {
    expect(windowSpec({ first: undefined, last: undefined, after: undefined, before: undefined })).toEqual({
      lo: 0,
      hi: undefined,
      anchor: 'start',
      count: 30,
    });
  });

  it('turns cursors into bounds: after is exclusive, before is the exclusive end', () => {
    expect(windowSpec({ first: 5, last: null, after: 9, before: 40 })).toEqual({ lo: 10, hi: 40, anchor: 'start', count: 5 });
    expect(windowSpec({ first: null, last: 5, after: undefined, before: 40 })).toEqual({ lo: 0, hi: 40, anchor: 'end', count: 5 });
  });

  it('rejects first with last, and sizes outside 0..100, naming the limit', () => {
    expect(() => windowSpec({ first: 1, last: 1, after: undefined, before: undefined })).toThrow(/either `first`.*or `last`/);
    expect(() => windowSpec({ first: 101, last: undefined, after: undefined, before: undefined })).toThrow(/from 0 to 100/);
    expect(() => windowSpec({ first: undefined, last: -1, after: undefined, before: undefined })).toThrow(/`last` must be from 0 to 100 \(got -1\)/);
  });
});

describe('window ranges', () => {
  const spec = (first: number | undefined, last: number | undefined, after?: number, before?: number) => windowSpec({ first, last, after, before });

  it('knows forward windows and windows before a cursor without the total', () => {
    expect(rangeBeforeTotal(spec(10, undefined, 19))).toEqual({ start: 20, end: 30 });
    expect(rangeBeforeTotal(spec(10, undefined, 19, 25))).toEqual({ start: 20, end: 25 });
    expect(rangeBeforeTotal(spec(undefined, 10, undefined, 50))).toEqual({ start: 40, end: 50 });
    expect(rangeBeforeTotal(spec(undefined, 10))).toBeUndefined();
  });

  it('clamps slices to the total, in both directions', () => {
    expect(sliceForTotal(spec(10, undefined, 94), 100)).toEqual({ start: 95, end: 100 });
    expect(sliceForTotal(spec(10, undefined, 120), 100)).toEqual({ start: 100, end: 100 });
    expect(sliceForTotal(spec(undefined, 10), 95)).toEqual({ start: 85, end: 95 });
    expect(sliceForTotal(spec(undefined, 10, 90), 95)).toEqual({ start: 91, end: 95 });
    expect(sliceForTotal(spec(undefined, 10, undefined, 5), 95)).toEqual({ start: 0, end: 5 });
    expect(sliceForTotal(spec(30, undefined, 9, 15), 95)).toEqual({ start: 10, end: 15 });
    expect(sliceForTotal(spec(0, undefined, 9), 95)).toEqual({ start: 10, end: 10 });
  });

  it('starts with the cheapest useful call', () => {
    expect(firstRequest(spec(20, undefined))).toEqual({ page: 1, pageSize: 20 });
    expect(firstRequest(spec(0, undefined, 40))).toEqual(COUNT_ONLY);
    expect(firstRequest(spec(undefined, 0))).toEqual(COUNT_ONLY);
    // `last: 10` from the end: the first 10 would be the answer if the list were that short.
    expect(firstRequest(spec(undefined, 10))).toEqual({ page: 1, pageSize: 10 });
  });
});
