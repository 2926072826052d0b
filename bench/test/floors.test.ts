import { describe, expect, it } from '@jest/globals';
import type { CellSummary, GatewayCost } from '../aggregate.js';
import { floorFigures, floorTables } from '../floor-report.js';
import { parseOptions, UsageError } from '../options.js';

const pipelineCost: GatewayCost = {
  graphqlRequests: 10_000,
  upstreamCallsPerRequest: 0,
  tokenLookupsPerRequest: 0,
  sandboxGetsPerRequest: 0,
  cpuMsPerRequest: 0.3,
  rssMb: 100,
  tokenGrants: 0,
};

const cell = (id: string, reqPerSec: number, gateway?: GatewayCost): CellSummary => ({
  id,
  label: id === 'a' ? 'direct GET' : 'gateway { __typename }',
  target: gateway === undefined ? 'direct' : 'gateway',
  connections: 10,
  items: id === 'a' ? 20 : 0,
  expectedUpstreamCalls: id === 'a' ? 1 : 0,
  reqPerSec,
  reqPerSecRounds: [reqPerSec],
  p50Ms: 1,
  p99Ms: 2,
  samples: 100,
  failures: 0,
  gateway,
});

const clients = [
  { inFlight: 1, calls: 10_000, gotUs: 700, nodeHttpUs: 280 },
  { inFlight: 10, calls: 10_000, gotUs: 600, nodeHttpUs: 250 },
];

describe('bench floors', () => {
  it('sets what the kept libraries cost against the CPU budget the 0.25 ratio leaves one core', () => {
    const figures = floorFigures(cell('a', 16_000), cell('pipeline', 3_000, pipelineCost), clients);
    // 1e6 µs / (0.25 × 16,000 req/s)
    expect(figures.budgetUs).toBeCloseTo(250, 6);
    // { __typename } at 300 µs plus the got call at the pipeline's 10 connections, 600 µs.
    expect(figures.keptLibrariesUs).toBeCloseTo(900, 6);
    const kept = figures.rows[figures.rows.length - 1];
    expect(kept?.ceilingReqPerSec).toBeCloseTo(1e6 / 900, 6);
    expect(kept?.ceilingOverDirect).toBeCloseTo(1e6 / 900 / 16_000, 6);
    const pipeline = figures.rows[1];
    expect(pipeline?.cpuUsPerRequest).toBeCloseTo(300, 6);
    expect(pipeline?.ceilingReqPerSec).toBeCloseTo(1e6 / 300, 6);
    const table = floorTables(figures);
    expect(table).toContain('leaves 250 µs of CPU per request');
    expect(table).toContain('cost 900 µs per request');
    expect(table).toContain('over that budget');
    // In series at 1 connection: 300 µs of pipeline and the lone got call's 700 µs.
    expect(figures.serialPathUs).toBeCloseTo(1000, 6);
    expect(table).toContain('1000 µs added, before execution, against the 800 µs allowed');
  });

  it('says when the libraries fit the budget', () => {
    const cheap = { ...pipelineCost, cpuMsPerRequest: 0.05 };
    const figures = floorFigures(cell('a', 4_000), cell('pipeline', 9_000, cheap), [{ inFlight: 10, calls: 1, gotUs: 100, nodeHttpUs: 50 }]);
    expect(figures.keptLibrariesUs).toBeCloseTo(150, 6);
    expect(floorTables(figures)).toContain('within that budget');
  });

  it('is its own mode: 10 connections and 2 rounds unless told, and no cells', () => {
    expect(parseOptions(['--floors'])).toMatchObject({ mode: 'floors', rounds: 2, connections: [10] });
    expect(() => parseOptions(['--floors', '--growth'])).toThrow(UsageError);
    expect(() => parseOptions(['--floors', '--cells', 'a'])).toThrow(/--cells applies to the matrix, not to --floors/);
  });
});
