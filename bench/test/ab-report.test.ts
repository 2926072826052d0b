import { describe, expect, it } from '@jest/globals';
import { abSample, abTables, compareBuilds } from '../ab-report.js';
import type { AbBuild, AbSample } from '../ab-report.js';
import type { CellRun } from '../measure-cell.js';
import { median } from '../percentiles.js';
import type { Scenario } from '../scenarios.js';

const scenario = (id: string): Scenario => ({
  id,
  label: `scenario ${id}`,
  target: id === 'a' ? 'direct' : 'gateway',
  gateway: undefined,
  request: { url: 'http://127.0.0.1:1/', method: 'GET', headers: {} },
  callers: [],
  items: 20,
  expectedUpstreamCalls: 1,
});

/** A window of `requests` answers in one second, each taking `latencyMs`. */
const run = (id: string, requests: number, latencyMs: number, cpuMs: number): CellRun => ({
  scenario: scenario(id),
  connections: 10,
  load: { latenciesMs: Array.from({ length: requests }, () => latencyMs), okResponses: requests, otherStatuses: 0, errors: 0, seconds: 1 },
  window: { startUs: 0, endUs: 1 },
  gateway: { graphqlRequests: requests, tokenLookups: requests, upstreamCalls: requests, cpuMs, rssMb: 100, gcPauses: undefined, erroredOperations: undefined },
  sandboxDownloads: requests,
  sandboxTokenGrants: 0,
});

function rounds(aRates: number[], bRates: number[]): AbSample[] {
  return aRates.flatMap((aRate, index) => {
    const direct = abSample(run('a', 10_000, 0.5, 0), undefined, index + 1, undefined);
    const sample = (build: AbBuild, rate: number) => abSample(run('e', rate, 2, rate * 2), build, index + 1, direct);
    return [direct, sample('A', aRate), sample('B', bRates[index] as number)];
  });
}

describe('A/B comparison', () => {
  it('takes medians', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('reads a window against the direct cell of the same round', () => {
    const direct = abSample(run('a', 10_000, 0.5, 0), undefined, 1, undefined);
    const sample = abSample(run('e', 500, 2, 1_000), 'B', 1, direct);
    expect(sample.perDirect).toBeCloseTo(0.05, 9);
    expect(sample.addedP50Ms).toBeCloseTo(1.5, 9);
    expect(sample.cpuMsPerRequest).toBe(2);
    expect(sample.sandboxGetsPerRequest).toBe(1);
    expect(direct.cpuMsPerRequest).toBeNaN();
  });

  it("reads the gateway's main-thread GC pauses per request, when its metrics report them", () => {
    const measured = run('e', 500, 2, 1_000);
    const pauses = {
      minor: { count: 40, seconds: 0.03 },
      major: { count: 2, seconds: 0.015 },
      incremental: { count: 5, seconds: 0.005 },
      weakcb: { count: 0, seconds: 0 },
    };
    // 50 ms of pauses over 500 requests: 100 µs each.
    const sample = abSample({ ...measured, gateway: { ...measured.gateway, gcPauses: pauses } }, 'B', 1, undefined);
    expect(sample.gcPauseUsPerRequest).toBeCloseTo(100, 9);
    expect(abSample(measured, 'B', 1, undefined).gcPauseUsPerRequest).toBeNaN();
    const withPauses = (build: AbBuild, round: number, seconds: number): AbSample => ({ ...sample, build, round, gcPauseUsPerRequest: (seconds * 1e6) / 500 });
    const row = compareBuilds([withPauses('A', 1, 0.05), withPauses('B', 1, 0.04), withPauses('A', 2, 0.05), withPauses('B', 2, 0.06)]).find(
      (entry) => entry.metric === 'GC pauses µs/req',
    );
    expect(row).toMatchObject({ a: 100, b: 100, bBetter: 1, rounds: 2 });
  });

  it('compares medians of each build and counts the rounds B won', () => {
    const comparisons = compareBuilds(rounds([400, 500, 600], [700, 450, 650]));
    const rate = comparisons.find((row) => row.metric === 'req/s');
    expect(rate).toMatchObject({ cell: 'e', connections: 10, a: 500, b: 650, bBetter: 2, rounds: 3 });
    expect(rate?.ratio).toBeCloseTo(1.3, 9);
    // CPU per request is 2 ms in every window of both builds: no round is a win.
    expect(comparisons.find((row) => row.metric === 'CPU ms/req')).toMatchObject({ a: 2, b: 2, ratio: 1, bBetter: 0 });
    expect(comparisons.map((row) => row.metric)).toEqual(['req/s', '÷ direct req/s', 'CPU ms/req', 'p50 ms', '+p50 ms (− direct)', 'RSS MB']);
  });

  it('leaves out what needs the direct cell when it did not run', () => {
    const samples = rounds([400], [500]).filter((sample) => sample.build !== undefined);
    const unpaired = samples.map((sample) => ({ ...sample, perDirect: Number.NaN, addedP50Ms: Number.NaN }));
    expect(compareBuilds(unpaired).map((row) => row.metric)).toEqual(['req/s', 'CPU ms/req', 'p50 ms', 'RSS MB']);
  });

  it('renders the comparison and each build’s validity figures', () => {
    const samples = rounds([400, 500, 600], [700, 450, 650]);
    const table = abTables(compareBuilds(samples), samples);
    expect(table).toMatch(/\| \(e\)\s+\|\s+10 \| req\/s\s+\|\s+500 \|\s+650 \| 1\.300 \|\s+2\/3 \|/);
    expect(table).toMatch(/\| B\s+\| \(e\) scenario e\s+\|\s+10 \|\s+650 \|\s+1\.000 \|\s+1\.000 \|\s+0 \|/);
  });
});
