import { describe, expect, it } from '@jest/globals';
import { summarizeMetricsCost } from '../metrics-cost-report.js';

const figures = (cpuMs: number, requests: number) => ({ cpuMs, requests, cpuMsPerRequest: cpuMs / requests });

describe("the metrics' CPU cost", () => {
  it("pools every round's CPU and requests for the judged figure, beside the median of the rounds' own ratios", () => {
    const summary = summarizeMetricsCost([
      { on: figures(420, 200), off: figures(400, 200) },
      { on: figures(400, 200), off: figures(600, 200) },
      { on: figures(404, 200), off: figures(400, 200) },
    ]);
    expect(summary.pooledExtraCpu).toBeCloseTo(1224 / 1400 - 1, 10);
    expect(summary.medianExtraCpu).toBeCloseTo(0.01, 10);
    expect(summary.withinLimit).toBe(true);
  });

  it('weighs each round by its requests, not each round alike', () => {
    const summary = summarizeMetricsCost([
      { on: figures(330, 300), off: figures(200, 200) },
      { on: figures(220, 200), off: figures(300, 300) },
    ]);
    expect(summary.pooledExtraCpu).toBeCloseTo(550 / 500 / (500 / 500) - 1, 10);
    expect(summary.withinLimit).toBe(false);
  });
});
