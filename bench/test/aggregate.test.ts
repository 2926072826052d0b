import { describe, expect, it } from '@jest/globals';
import { summarizeCells } from '../aggregate.js';
import type { CellRun } from '../measure-cell.js';
import type { Scenario } from '../scenarios.js';

const scenario: Scenario = {
  id: 'e',
  label: 'scenario e',
  target: 'gateway',
  gateway: undefined,
  request: { url: 'http://127.0.0.1:1/graphql', method: 'POST', headers: {} },
  callers: [],
  items: 20,
  expectedUpstreamCalls: 1,
};

/** One round of 1,000 requests in one second that ended with the gateway at `rssMb`. */
const round = (cpuMs: number, rssMb: number, erroredOperations?: Map<string, number>): CellRun => ({
  scenario,
  connections: 10,
  load: { latenciesMs: Array.from({ length: 1000 }, () => 1), okResponses: 1000, otherStatuses: 0, errors: 0, seconds: 1 },
  window: { startUs: 0, endUs: 1 },
  gateway: { graphqlRequests: 1000, tokenLookups: 1000, upstreamCalls: 1000, cpuMs, rssMb, gcPauses: undefined, erroredOperations },
  sandboxDownloads: 1000,
  sandboxTokenGrants: 0,
});

describe('cell summaries', () => {
  it('cost a cell over all its rounds, and keep its memory where it was highest, not where it ended', () => {
    const [cell] = summarizeCells([round(1500, 104), round(2500, 121.5), round(2000, 112)]);
    expect(cell?.gateway?.cpuMsPerRequest).toBe(2);
    expect(cell?.gateway?.rssMb).toBe(121.5);
  });

  it('count an operation answered with an error as a failure, though its status was 200', () => {
    const [clean] = summarizeCells([round(1500, 104, new Map()), round(1500, 104)]);
    expect(clean?.failures).toBe(0);
    const [failed] = summarizeCells([round(1500, 104, new Map([['UPSTREAM_RATE_LIMITED', 2]])), round(1500, 104, new Map([['UPSTREAM_TIMEOUT', 1]]))]);
    expect(failed?.failures).toBe(3);
  });
});
