import { describe, expect, it } from '@jest/globals';
import { fetchSlice } from '../../src/domain/pagination/fetch-slice.js';
import { planPages, rangeBeforeTotal } from '../../src/domain/pagination/planner.js';
import type { PageRequest } from '../../src/domain/pagination/planner.js';
import { windowSpec } from '../../src/domain/pagination/window.js';
import type { WindowArgs } from '../../src/domain/pagination/window.js';
import { InvalidPageError } from '../../src/getty/errors.js';

/** A Getty-like list: page 1 always answers; a later page starting past the end is InvalidPage. */
function fakeUpstream(total: number) {
  const list = Array.from({ length: total }, (_, index) => index);
  const calls: PageRequest[] = [];
  const pastEnd: PageRequest[] = [];
  const fetchPage = async (request: PageRequest) => {
    calls.push(request);
    const start = (request.page - 1) * request.pageSize;
    if (request.page > 1 && start >= total) {
      pastEnd.push(request);
      throw new InvalidPageError();
    }
    return { total, items: list.slice(start, start + request.pageSize) };
  };
  return { fetchPage, calls, pastEnd };
}

/** Relay's algorithm applied to the whole list: what the slice must contain. */
function expected(total: number, args: WindowArgs): number[] {
  let items = Array.from({ length: total }, (_, index) => index);
  if (args.after !== undefined) items = items.filter((i) => i > args.after!);
  if (args.before !== undefined) items = items.filter((i) => i < args.before!);
  if (typeof args.first === 'number') items = items.slice(0, args.first);
  else if (typeof args.last === 'number') items = items.slice(Math.max(0, items.length - args.last));
  else items = items.slice(0, 30);
  return items;
}

function random(seed: number) {
  let state = seed;
  return (max: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % max;
  };
}

describe('fetchSlice', () => {
  it('returns exactly what Relay prescribes, within the call budget, for 3,000 random windows', async () => {
    const next = random(7);
    const wrong: string[] = [];
    for (let run = 0; run < 3000; run += 1) {
      const total = next(400);
      const backward = next(2) === 1;
      const size = next(101);
      const args: WindowArgs = {
        first: backward ? undefined : next(5) === 0 ? undefined : size,
        last: backward ? size : undefined,
        after: next(3) === 0 ? next(total + 20) : undefined,
        before: next(3) === 0 ? next(total + 20) : undefined,
      };
      const upstream = fakeUpstream(total);
      const slice = await fetchSlice(windowSpec(args), upstream.fetchPage);
      const want = expected(total, args);
      const lastWithoutBefore = args.last !== undefined && args.before === undefined;
      const budget = lastWithoutBefore ? 3 : 2;
      const cursorsInside = (args.after ?? 0) < total && (args.before ?? 0) <= total;
      const known = rangeBeforeTotal(windowSpec(args));
      const oneCall = known !== undefined && known.end > known.start && known.start < total && planPages(known).length === 1;
      const problems = [
        JSON.stringify(slice.items) !== JSON.stringify(want) && `items ${JSON.stringify(slice.items)}`,
        slice.total !== total && `total ${slice.total}`,
        upstream.calls.length > budget && `${upstream.calls.length} calls`,
        oneCall && upstream.calls.length !== 1 && `${upstream.calls.length} calls for a one-page window`,
        cursorsInside && upstream.pastEnd.length > 0 && `asked past the end ${JSON.stringify(upstream.pastEnd)}`,
      ].filter(Boolean);
      if (problems.length > 0) wrong.push(`N=${total} ${JSON.stringify(args)}: ${problems.join('; ')}`);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it('costs one call for a window that fits one page', async () => {
    const upstream = fakeUpstream(500);
    const slice = await fetchSlice(windowSpec({ first: 20, last: undefined, after: 37, before: undefined }), upstream.fetchPage);
    expect(upstream.calls).toEqual([{ page: 2, pageSize: 29 }]);
    expect(slice.items[0]).toBe(38);
    expect(slice.items).toHaveLength(20);
  });

  it('costs two calls for `last` without `before` when the end fits one page', async () => {
    const upstream = fakeUpstream(250);
    const slice = await fetchSlice(windowSpec({ first: undefined, last: 10, after: undefined, before: undefined }), upstream.fetchPage);
    expect(upstream.calls).toHaveLength(2);
    expect(slice.items).toEqual([240, 241, 242, 243, 244, 245, 246, 247, 248, 249]);
  });

  it('answers a short list from the first call when paging back from the end', async () => {
    const upstream = fakeUpstream(7);
    const slice = await fetchSlice(windowSpec({ first: undefined, last: 10, after: undefined, before: undefined }), upstream.fetchPage);
    expect(upstream.calls).toEqual([{ page: 1, pageSize: 10 }]);
    expect(slice.items).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('skips the second planned page when the first shows the list ends before it', async () => {
    const upstream = fakeUpstream(105);
    // 100 items after offset 49 need pages 50..99 and 100..149 of 50; the list ends at 105.
    const slice = await fetchSlice(windowSpec({ first: 100, last: undefined, after: 49, before: undefined }), upstream.fetchPage);
    expect(slice.items).toHaveLength(55);
    expect(upstream.calls.length).toBe(2);
    const upstream2 = fakeUpstream(90);
    const short = await fetchSlice(windowSpec({ first: 100, last: undefined, after: 49, before: undefined }), upstream2.fetchPage);
    expect(short.items).toEqual(Array.from({ length: 40 }, (_, i) => 50 + i));
    expect(upstream2.calls).toEqual([{ page: 2, pageSize: 50 }]);
  });

  it('returns an empty page with the right total when the upstream says the page is past the end', async () => {
    const upstream = fakeUpstream(40);
    const slice = await fetchSlice(windowSpec({ first: 10, last: undefined, after: 59, before: undefined }), upstream.fetchPage);
    expect(slice).toEqual({ total: 40, start: 40, end: 40, items: [] });
    expect(upstream.calls).toEqual([
      { page: 7, pageSize: 10 },
      { page: 1, pageSize: 1 },
    ]);
  });

  it('learns the total with one tiny call for first: 0', async () => {
    const upstream = fakeUpstream(77);
    const slice = await fetchSlice(windowSpec({ first: 0, last: undefined, after: undefined, before: undefined }), upstream.fetchPage);
    expect(slice).toEqual({ total: 77, start: 0, end: 0, items: [] });
    expect(upstream.calls).toEqual([{ page: 1, pageSize: 1 }]);
  });

  it('passes other upstream errors through', async () => {
    const boom = new Error('boom');
    await expect(
      fetchSlice(windowSpec({ first: 5, last: undefined, after: undefined, before: undefined }), async () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
  });
});
