import { describe, expect, it } from '@jest/globals';
import type { CellSummary, GatewayCost } from '../aggregate.js';
import { matrixTables } from '../matrix-report.js';
import { checkRoundTwoTargets, coalescedCost } from '../targets-round-two.js';
import { checkTargets } from '../targets.js';

const cost = (overrides: Partial<GatewayCost> = {}): GatewayCost => ({
  graphqlRequests: 1000,
  upstreamCallsPerRequest: 1,
  tokenLookupsPerRequest: 1,
  sandboxGetsPerRequest: 1,
  cpuMsPerRequest: 1,
  rssMb: 100,
  tokenGrants: 0,
  ...overrides,
});

const cell = (id: string, connections: number, reqPerSec: number, p50Ms: number, gateway?: GatewayCost): CellSummary => ({
  id,
  label: `scenario ${id}`,
  target: gateway === undefined ? 'direct' : 'gateway',
  connections,
  items: 20,
  expectedUpstreamCalls: 1,
  reqPerSec,
  reqPerSecRounds: [reqPerSec],
  p50Ms,
  p99Ms: p50Ms * 3,
  samples: 100,
  failures: 0,
  gateway,
});

const meeting = [
  cell('a', 1, 5000, 0.2),
  cell('e', 1, 900, 1.1, cost()),
  cell('f', 1, 2000, 0.6, cost({ sandboxGetsPerRequest: 0 })),
  cell('a', 10, 10_000, 0.8),
  cell('e', 10, 1300, 7, cost()),
  cell('f', 10, 2600, 3.5, cost({ sandboxGetsPerRequest: 0 })),
  cell('g', 10, 2500, 3.6, cost({ sandboxGetsPerRequest: 0.2, rssMb: 110 })),
];

describe('issue #13 targets', () => {
  it('passes each target the figures meet, naming the Getty calls per request', () => {
    expect(checkRoundTwoTargets(meeting, { redis: true }).map((check) => [check.target, check.figure, check.verdict])).toEqual([
      ['figures as deployed with several instances: Redis configured, metrics on', 'Redis on, metrics on', 'pass'],
      ['(e) distinct tokens: gateway ÷ direct req/s at 10 connections', '0.130 (1.000 Getty calls/req)', 'pass'],
      ['(e) distinct tokens: added p50, (e) − (a) at 1 connection', '0.900 ms', 'pass'],
      ['gateway RSS after load, (e) included: the largest at the end of a cell', '110.0 MB, (g) at 10', 'pass'],
      ['(e) Getty calls per request (sandbox-counted)', '1.000 at 1, 1.000 at 10', 'pass'],
      ['(e) token lookups per request', '1.000 at 1, 1.000 at 10', 'pass'],
      ['(f) cache hit: gateway ÷ direct req/s at 10 connections', '0.260 (0.000 Getty calls/req)', 'pass'],
      ['(f) cache hit: added p50, (f) − (a) at 1 connection', '0.400 ms', 'pass'],
      ['(f) Getty calls per request (warm cache: none)', '0.000 at 1, 0.000 at 10', 'pass'],
      ['(g) coalesced, one token: gateway ÷ direct req/s at 10 connections', '0.250 (0.200 Getty calls/req)', 'pass'],
      ['(g) a coalesced request costs no more CPU than a cache hit (f), at 10 connections', '1.000 ms per joiner (e: 1.000 ms per caller, 0.200 calls/req)', 'pass'],
    ]);
  });

  it("costs a coalesced request as what is left of (g)'s CPU once its Getty callers are costed as (e)'s requests", () => {
    const check = coalescedCost(
      cell('g', 10, 1000, 9, cost({ sandboxGetsPerRequest: 0.1, cpuMsPerRequest: 1.2 })),
      cell('e', 10, 400, 20, cost({ cpuMsPerRequest: 3 })),
      cell('f', 10, 1600, 5, cost({ sandboxGetsPerRequest: 0, cpuMsPerRequest: 0.7 })),
    );
    // (1.2 − 0.1 × 3) ÷ 0.9 = 1.0 ms per joiner, against 0.7 ms per cache hit.
    expect(check).toEqual({
      target: '(g) a coalesced request costs no more CPU than a cache hit (f), at 10 connections',
      figure: '1.000 ms per joiner (e: 3.000 ms per caller, 0.100 calls/req)',
      limit: '<= 0.700 ms (f)',
      verdict: 'miss',
    });
    expect(coalescedCost(cell('g', 10, 1000, 9, cost({ sandboxGetsPerRequest: 1 })), cell('e', 10, 400, 20, cost()), cell('f', 10, 1600, 5, cost())).verdict).toBe(
      'not run',
    );
  });

  it('misses what the figures do not meet', () => {
    const cells = meeting.map((entry) => {
      if (entry.id === 'e' && entry.connections === 10) return { ...entry, reqPerSec: 1100, gateway: cost({ sandboxGetsPerRequest: 0.5, rssMb: 121 }) };
      if (entry.id === 'f' && entry.connections === 1) return { ...entry, p50Ms: 0.75, gateway: cost({ sandboxGetsPerRequest: 0.01 }) };
      if (entry.id === 'g') return { ...entry, gateway: cost({ sandboxGetsPerRequest: 0.2, cpuMsPerRequest: 1.5 }) };
      return entry;
    });
    const checks = checkRoundTwoTargets(cells, { redis: false });
    expect(checks.filter((check) => check.verdict === 'miss').map((check) => check.target)).toEqual([
      'figures as deployed with several instances: Redis configured, metrics on',
      '(e) distinct tokens: gateway ÷ direct req/s at 10 connections',
      'gateway RSS after load, (e) included: the largest at the end of a cell',
      '(e) Getty calls per request (sandbox-counted)',
      '(f) cache hit: added p50, (f) − (a) at 1 connection',
      '(f) Getty calls per request (warm cache: none)',
      '(g) a coalesced request costs no more CPU than a cache hit (f), at 10 connections',
    ]);
    expect(checks[4]?.figure).toBe('1.000 at 1, 0.500 at 10');
    expect(checks[0]?.figure).toBe('Redis off (state in process), metrics on');
  });

  it('says "not run" for the cells that did not run', () => {
    const [deployment, ...checks] = checkRoundTwoTargets([cell('a', 10, 10_000, 0.8), cell('b', 10, 500, 9, cost({ rssMb: 130 }))], { redis: true });
    expect(deployment?.verdict).toBe('pass');
    expect(checks.every((check) => check.verdict === 'not run')).toBe(true);
  });

  it('renders its own table after the first targets', () => {
    const table = matrixTables(meeting, checkTargets(meeting), checkRoundTwoTargets(meeting, { redis: true }));
    expect(table.indexOf('| target (cache off)')).toBeLessThan(table.indexOf('| target (#13: distinct tokens, cache hit, coalesced)'));
    expect(table).toMatch(/\| \(e\) distinct tokens: added p50, \(e\) − \(a\) at 1 connection\s+\| 0\.900 ms\s+\| <= 1 ms\s+\| pass/);
  });
});
