import { encodeCursor } from './cursor.js';
import type { Slice } from './fetch-slice.js';

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface PageInfo {
  hasPreviousPage: boolean;
  hasNextPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Exact page info from offsets: items exist before `start` iff it is above 0, after `end` iff it is below the total. */
export function toConnection<T>(slice: Slice<T>, scope: string): Connection<T> {
  const edges = slice.items.map((node, index) => ({ cursor: encodeCursor(slice.start + index, scope), node }));
  return {
    edges,
    nodes: slice.items,
    pageInfo: {
      hasPreviousPage: slice.start > 0,
      hasNextPage: slice.start + slice.items.length < slice.total,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: slice.total,
  };
}
