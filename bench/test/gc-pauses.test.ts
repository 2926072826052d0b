import { describe, expect, it } from '@jest/globals';
import type { CellSummary } from '../aggregate.js';
import { addGcPauses, gcPausesBetween, parseGcPauses } from '../gc-pauses.js';
import { gcTable } from '../gc-report.js';

const metrics = (minorCount: number, minorSeconds: number, majorCount: number, majorSeconds: number) =>
  [
    '# HELP nodejs_gc_duration_seconds Garbage collection duration by kind, one of major, minor, incremental or weakcb.',
    '# TYPE nodejs_gc_duration_seconds histogram',
    'nodejs_gc_duration_seconds_bucket{le="0.001",kind="minor"} 3',
    `nodejs_gc_duration_seconds_sum{kind="minor"} ${minorSeconds}`,
    `nodejs_gc_duration_seconds_count{kind="minor"} ${minorCount}`,
    `nodejs_gc_duration_seconds_sum{kind="major"} ${majorSeconds}`,
    `nodejs_gc_duration_seconds_count{kind="major"} ${majorCount}`,
    'nodejs_gc_duration_seconds_sum{kind="incremental"} 0.5',
    'nodejs_gc_duration_seconds_count{kind="incremental"} 7',
    'getty_gateway_requests_total{operation="downloads"} 12',
  ].join('\n');

describe('GC pauses from the gateway metrics', () => {
  it('reads the sum and count of each kind, and nothing else', () => {
    const pauses = parseGcPauses(metrics(10, 0.02, 1, 0.004));
    expect(pauses?.minor).toEqual({ count: 10, seconds: 0.02 });
    expect(pauses?.major).toEqual({ count: 1, seconds: 0.004 });
    expect(pauses?.incremental).toEqual({ count: 7, seconds: 0.5 });
    expect(pauses?.weakcb).toEqual({ count: 0, seconds: 0 });
    expect(parseGcPauses('process_cpu_seconds_total 3\n')).toBeUndefined();
  });

  it('takes a window as the difference of two readings, and adds windows up', () => {
    const before = parseGcPauses(metrics(10, 0.02, 1, 0.004));
    const after = parseGcPauses(metrics(30, 0.05, 2, 0.01));
    if (before === undefined || after === undefined) throw new Error('both readings parse');
    const window = gcPausesBetween(before, after);
    expect(window.minor.count).toBe(20);
    expect(window.minor.seconds).toBeCloseTo(0.03, 9);
    expect(window.major.count).toBe(1);
    expect(window.incremental.count).toBe(0);
    expect(addGcPauses([window, window]).minor.count).toBe(40);
  });

  it('reports pauses per request beside the CPU per request, for the cells that have them', () => {
    const cell = (id: string, withPauses: boolean): CellSummary => ({
      id,
      label: `cell ${id}`,
      target: 'gateway',
      connections: 10,
      items: 20,
      expectedUpstreamCalls: 1,
      reqPerSec: 1000,
      reqPerSecRounds: [1000],
      p50Ms: 1,
      p99Ms: 2,
      samples: 1000,
      failures: 0,
      gateway: {
        graphqlRequests: 1000,
        upstreamCallsPerRequest: 1,
        tokenLookupsPerRequest: 1,
        sandboxGetsPerRequest: 1,
        cpuMsPerRequest: 0.5,
        rssMb: 100,
        tokenGrants: 0,
        gcPauses: withPauses
          ? { minor: { count: 50, seconds: 0.05 }, major: { count: 2, seconds: 0.01 }, incremental: { count: 10, seconds: 0.04 }, weakcb: { count: 0, seconds: 0 } }
          : undefined,
      },
    });
    const table = gcTable([cell('e', true), cell('b', false)]);
    // 50 scavenges and 50 ms over 1,000 requests: 50 per 1k and 50 µs each; all pauses 100 µs of 500 µs CPU.
    expect(table).toContain(
      '| (e)  | cell e   |    10 |              50.0 |            50.0 |             2.00 |           10.0 |                       40.0 |             100.0 |           20 |',
    );
    expect(table).not.toContain('(b)');
    expect(gcTable([cell('b', false)])).toBeUndefined();
  });
});
