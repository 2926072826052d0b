import { badUserInput } from '../../errors.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_FIRST = 30;

/** Relay arguments with cursors already decoded to offsets. */
export interface WindowArgs {
  first: number | null | undefined;
  last: number | null | undefined;
  after: number | undefined;
  before: number | undefined;
}

/**
 * The requested part of the filtered list, independent of its length: offsets from `lo`
 * (inclusive) to `hi` (exclusive; `undefined` = the end of the list), of which the first
 * (`anchor: 'start'`) or last (`anchor: 'end'`) `count` items are wanted.
 */
export interface WindowSpec {
  lo: number;
  hi: number | undefined;
  anchor: 'start' | 'end';
  count: number;
}

export function windowSpec(args: WindowArgs): WindowSpec {
  const first = checkedSize(args.first, 'first');
  const last = checkedSize(args.last, 'last');
  if (first !== undefined && last !== undefined) {
    throw badUserInput('Pass either `first` (page forward) or `last` (page backward), not both', 'last');
  }
  const lo = args.after === undefined ? 0 : args.after + 1;
  const hi = args.before;
  return last === undefined ? { lo, hi, anchor: 'start', count: first ?? DEFAULT_FIRST } : { lo, hi, anchor: 'end', count: last };
}

function checkedSize(value: number | null | undefined, argument: 'first' | 'last'): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (value < 0 || value > MAX_PAGE_SIZE) {
    throw badUserInput(`\`${argument}\` must be from 0 to ${MAX_PAGE_SIZE} (got ${value})`, argument);
  }
  return value;
}
