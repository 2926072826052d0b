import { InvalidPageError } from '../../getty/errors.js';
import { COUNT_ONLY, firstRequest, pageRange, planPages, sliceForTotal } from './planner.js';
import type { PageRequest, Range } from './planner.js';
import type { WindowSpec } from './window.js';

export interface FetchedPage<T> {
  total: number;
  items: readonly T[];
}

export type PageFetcher<T> = (request: PageRequest) => Promise<FetchedPage<T>>;

export interface Slice<T> extends Range {
  total: number;
  items: T[];
}

interface HeldPage<T> {
  start: number;
  items: readonly T[];
}

/** Planned windows need at most three calls; the cap guards against a list changing under us. */
const MAX_CALLS = 3;

/**
 * Fetches a window with the fewest upstream calls, sequentially: each answer tells the
 * list's length, so no page past the end is ever requested once the length is known.
 */
export async function fetchSlice<T>(spec: WindowSpec, fetchPage: PageFetcher<T>): Promise<Slice<T>> {
  const held: HeldPage<T>[] = [];
  const fetchInto = async (request: PageRequest): Promise<number> => {
    const page = await fetchPage(request);
    held.push({ start: pageRange(request).start, items: page.items });
    return page.total;
  };

  let total: number;
  try {
    total = await fetchInto(firstRequest(spec));
  } catch (error) {
    if (!(error instanceof InvalidPageError)) throw error;
    return emptySliceAt(spec, (await fetchPage(COUNT_ONLY)).total);
  }

  const slice = sliceForTotal(spec, total);
  let covered = coveredUntil(held, slice.start);
  for (let calls = 1; covered < slice.end && calls < MAX_CALLS; calls += 1) {
    const [next] = planPages({ start: covered, end: slice.end });
    if (next === undefined) break;
    try {
      await fetchInto(next);
    } catch (error) {
      if (!(error instanceof InvalidPageError)) throw error;
      break;
    }
    const extended = coveredUntil(held, slice.start);
    if (extended === covered) break;
    covered = extended;
  }
  const end = Math.min(slice.end, covered);
  return { total, start: slice.start, end, items: collect(held, slice.start, end) };
}

function emptySliceAt<T>(spec: WindowSpec, total: number): Slice<T> {
  const at = Math.min(spec.lo, total);
  return { total, start: at, end: at, items: [] };
}

/** The end of the run of held items that starts at `from`. */
function coveredUntil<T>(held: readonly HeldPage<T>[], from: number): number {
  let covered = from;
  for (let progressed = true; progressed;) {
    progressed = false;
    for (const page of held) {
      const pageEnd = page.start + page.items.length;
      if (page.start <= covered && pageEnd > covered) {
        covered = pageEnd;
        progressed = true;
      }
    }
  }
  return covered;
}

function collect<T>(held: readonly HeldPage<T>[], start: number, end: number): T[] {
  const items: T[] = [];
  for (let offset = start; offset < end; offset += 1) {
    const page = held.find((p) => p.start <= offset && offset < p.start + p.items.length);
    const item = page?.items[offset - page.start];
    if (item !== undefined) items.push(item);
  }
  return items;
}
