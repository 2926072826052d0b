import { describe, expect, it } from '@jest/globals';
import { linearFit } from '../linear-fit.js';
import { percentile, summarizeLatencies } from '../percentiles.js';

describe('bench percentiles', () => {
  it('uses the nearest rank, keeping sub-millisecond values', () => {
    const sorted = [0.101, 0.102, 0.25, 0.3, 1.75];
    expect(percentile(sorted, 50)).toBe(0.25);
    expect(percentile(sorted, 99)).toBe(1.75);
    expect(percentile(sorted, 0)).toBe(0.101);
    expect(percentile(sorted, 100)).toBe(1.75);
  });

  it('p99 of 1,000 samples is the 990th', () => {
    const samples = Array.from({ length: 1000 }, (_, index) => (1000 - index) / 1000);
    expect(summarizeLatencies(samples)).toEqual({ count: 1000, p50Ms: 0.5, p99Ms: 0.99 });
  });

  it('sorts numerically, not as strings', () => {
    expect(summarizeLatencies([10, 9, 100, 2]).p50Ms).toBe(9);
  });

  it('is NaN without samples', () => {
    expect(summarizeLatencies([]).p50Ms).toBeNaN();
  });
});

describe('bench linear fit', () => {
  it('recovers a line exactly', () => {
    const fit = linearFit([1, 10, 50, 100].map((x) => ({ x, y: 0.5 + 0.02 * x })));
    expect(fit.intercept).toBeCloseTo(0.5, 10);
    expect(fit.slope).toBeCloseTo(0.02, 10);
    expect(fit.r2).toBeCloseTo(1, 10);
  });

  it('reports a poor fit for a curve', () => {
    expect(linearFit([1, 2, 3, 4, 5].map((x) => ({ x, y: (x - 3) ** 2 }))).r2).toBeLessThan(0.1);
  });

  it('has no slope with a single x', () => {
    expect(
      linearFit([
        { x: 5, y: 1 },
        { x: 5, y: 3 },
      ]),
    ).toEqual({ intercept: 2, slope: Number.NaN, r2: Number.NaN });
  });
});
