import { describe, expect, it } from '@jest/globals';
import type { CellSummary, GatewayCost } from '../aggregate.js';
import { matrixTables } from '../matrix-report.js';
import { checkTargets } from '../targets.js';

const cost = (overrides: Partial<GatewayCost> = {}): GatewayCost => ({
  graphqlRequests: 1000,
  upstreamCallsPerRequest: 1,
  tokenLookupsPerRequest: 1,
  sandboxGetsPerRequest: 1,
  cpuMsPerRequest: 1.5,
  rssMb: 90,
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
  reqPerSecRounds: [reqPerSec * 0.9, reqPerSec * 1.1],
  p50Ms,
  p99Ms: p50Ms * 3,
  samples: 100,
  failures: 0,
  gateway,
});

const passing = [
  cell('a', 1, 5000, 0.15),
  cell('b', 1, 800, 0.9, cost()),
  cell('a', 10, 12000, 0.7),
  cell('b', 10, 3600, 2.5, cost()),
  cell('c', 10, 3500, 2.6, cost({ sandboxGetsPerRequest: 0.4, rssMb: 95 })),
];

describe('bench targets', () => {
  it('passes each target the figures meet', () => {
    const checks = checkTargets(passing);
    expect(checks.map((check) => [check.target, check.figure, check.verdict])).toEqual([
      ['gateway ÷ direct req/s, (b) at 10 connections', '0.30', 'pass'],
      ['added p50 latency, (b) − (a) at 1 connection', '0.750 ms', 'pass'],
      ['gateway RSS after load, the largest at the end of a cell', '95.0 MB, (c) at 10', 'pass'],
      ['upstream calls per GraphQL request (sandbox-counted <= 1)', '1 in each of 3 gateway cells', 'pass'],
      ['token lookups per GraphQL request', '1 in each of 3 gateway cells', 'pass'],
      ['failed requests (validity of the figures)', '0', 'pass'],
    ]);
  });

  it('misses with the offending figure named', () => {
    const cells = [
      ...passing.slice(0, 4),
      cell('d', 10, 3000, 3, cost({ upstreamCallsPerRequest: 2, tokenLookupsPerRequest: 2, rssMb: 130 })),
      cell('c', 1, 700, 1, cost({ sandboxGetsPerRequest: 1.01 })),
    ];
    const checks = checkTargets(cells);
    expect(checks[2]).toMatchObject({ figure: '130.0 MB, (d) at 10', verdict: 'miss' });
    expect(checks[3]).toMatchObject({ figure: '(d) at 10: 2.000 (sandbox 1.000), (c) at 1: 1.000 (sandbox 1.010)', verdict: 'miss' });
    expect(checks[4]).toMatchObject({ figure: '(d) at 10: 2.000', verdict: 'miss' });
  });

  it('says "not run" when a needed cell is missing', () => {
    const checks = checkTargets([cell('b', 10, 3600, 2.5, cost())]);
    expect(checks[0]?.verdict).toBe('not run');
    expect(checks[1]?.verdict).toBe('not run');
  });

  it('renders gateway rows against the direct row at the same connection count', () => {
    const table = matrixTables(passing, checkTargets(passing));
    const rowB10 = table.split('\n').find((line) => line.startsWith('| (b)') && line.includes('|    10 |'));
    expect(rowB10).toMatch(/\|\s+0\.30 \|/);
    expect(rowB10).toContain('±10%');
    expect(table).toContain('| target (cache off)');
  });
});
