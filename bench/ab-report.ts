import { pausedSeconds } from './gc-pauses.js';
import { fixed, markdownTable } from './markdown-table.js';
import type { CellRun } from './measure-cell.js';
import { median, summarizeLatencies } from './percentiles.js';

export type AbBuild = 'A' | 'B';

/** One measured window of one build (or of the direct cell, `build` undefined), reduced to the compared figures. */
export interface AbSample {
  build: AbBuild | undefined;
  cell: string;
  label: string;
  connections: number;
  round: number;
  reqPerSec: number;
  /** This window's rate over the direct cell's in the same round and connection count; NaN without (a). */
  perDirect: number;
  p50Ms: number;
  /** p50 minus the direct cell's p50 in the same round and connection count; NaN without (a). */
  addedP50Ms: number;
  cpuMsPerRequest: number;
  /** Main-thread GC pauses per request, from the gateway's metrics; NaN where it has none. */
  gcPauseUsPerRequest: number;
  rssMb: number;
  sandboxGetsPerRequest: number;
  tokenLookupsPerRequest: number;
  failures: number;
}

export function abSample(run: CellRun, build: AbBuild | undefined, round: number, direct: AbSample | undefined): AbSample {
  const reqPerSec = run.load.okResponses / run.load.seconds;
  const { p50Ms } = summarizeLatencies(run.load.latenciesMs);
  const requests = run.gateway.graphqlRequests;
  const per = (value: number) => (build === undefined || requests === 0 ? Number.NaN : value / requests);
  return {
    build,
    cell: run.scenario.id,
    label: run.scenario.label,
    connections: run.connections,
    round,
    reqPerSec,
    perDirect: direct === undefined ? Number.NaN : reqPerSec / direct.reqPerSec,
    p50Ms,
    addedP50Ms: direct === undefined ? Number.NaN : p50Ms - direct.p50Ms,
    cpuMsPerRequest: per(run.gateway.cpuMs),
    gcPauseUsPerRequest: run.gateway.gcPauses === undefined ? Number.NaN : per(pausedSeconds(run.gateway.gcPauses) * 1e6),
    rssMb: build === undefined ? Number.NaN : run.gateway.rssMb,
    sandboxGetsPerRequest: per(run.sandboxDownloads),
    tokenLookupsPerRequest: per(run.gateway.tokenLookups),
    failures: run.load.otherStatuses + run.load.errors,
  };
}

type Metric = 'reqPerSec' | 'perDirect' | 'cpuMsPerRequest' | 'gcPauseUsPerRequest' | 'p50Ms' | 'addedP50Ms' | 'rssMb';

const METRICS: ReadonlyArray<{ key: Metric; name: string; higherIsBetter: boolean; decimals: number }> = [
  { key: 'reqPerSec', name: 'req/s', higherIsBetter: true, decimals: 0 },
  { key: 'perDirect', name: '÷ direct req/s', higherIsBetter: true, decimals: 3 },
  { key: 'cpuMsPerRequest', name: 'CPU ms/req', higherIsBetter: false, decimals: 3 },
  { key: 'gcPauseUsPerRequest', name: 'GC pauses µs/req', higherIsBetter: false, decimals: 1 },
  { key: 'p50Ms', name: 'p50 ms', higherIsBetter: false, decimals: 3 },
  { key: 'addedP50Ms', name: '+p50 ms (− direct)', higherIsBetter: false, decimals: 3 },
  { key: 'rssMb', name: 'RSS MB', higherIsBetter: false, decimals: 1 },
];

/** One metric of one cell: each build's median over the rounds, B ÷ A, and in how many rounds B did better. */
export interface AbComparison {
  cell: string;
  label: string;
  connections: number;
  metric: string;
  decimals: number;
  a: number;
  b: number;
  ratio: number;
  /** Rounds in which B beat A at this metric, out of `rounds` (both measured in the same round). */
  bBetter: number;
  rounds: number;
}

export function compareBuilds(samples: ReadonlyArray<AbSample>): AbComparison[] {
  const keys = [...new Set(samples.filter((sample) => sample.build !== undefined).map((sample) => `${sample.cell}@${sample.connections}`))];
  return keys.flatMap((key) => {
    const of = (build: AbBuild) => samples.filter((sample) => sample.build === build && `${sample.cell}@${sample.connections}` === key);
    const a = of('A');
    const b = of('B');
    const first = a[0] ?? b[0];
    if (first === undefined) return [];
    return METRICS.filter(({ key: metric }) => [...a, ...b].some((sample) => !Number.isNaN(sample[metric]))).map(({ key: metric, name, higherIsBetter, decimals }) => {
      const aMedian = median(a.map((sample) => sample[metric]));
      const bMedian = median(b.map((sample) => sample[metric]));
      const paired = b.map((sample) => [a.find((other) => other.round === sample.round)?.[metric], sample[metric]] as const);
      const bBetter = paired.filter(([aValue, bValue]) => aValue !== undefined && (higherIsBetter ? bValue > aValue : bValue < aValue)).length;
      return {
        cell: first.cell,
        label: first.label,
        connections: first.connections,
        metric: name,
        decimals,
        a: aMedian,
        b: bMedian,
        ratio: bMedian / aMedian,
        bBetter,
        rounds: paired.length,
      };
    });
  });
}

/** The comparison, then each build's validity figures (upstream GETs and token lookups per request, failures). */
export function abTables(comparisons: ReadonlyArray<AbComparison>, samples: ReadonlyArray<AbSample>): string {
  const rows = comparisons.map((row) => [
    `(${row.cell})`,
    String(row.connections),
    row.metric,
    fixed(row.a, row.decimals),
    fixed(row.b, row.decimals),
    fixed(row.ratio, 3),
    `${row.bBetter}/${row.rounds}`,
  ]);
  const validity = [...new Set(samples.map((sample) => `${sample.build ?? 'direct'}|${sample.cell}|${sample.connections}`))].map((key) => {
    const group = samples.filter((sample) => `${sample.build ?? 'direct'}|${sample.cell}|${sample.connections}` === key);
    const first = group[0] as AbSample;
    return [
      first.build ?? 'direct',
      `(${first.cell}) ${first.label}`,
      String(first.connections),
      fixed(median(group.map((sample) => sample.reqPerSec)), 0),
      fixed(median(group.map((sample) => sample.sandboxGetsPerRequest)), 3),
      fixed(median(group.map((sample) => sample.tokenLookupsPerRequest)), 3),
      String(group.reduce((sum, sample) => sum + sample.failures, 0)),
    ];
  });
  return [
    markdownTable(['cell', 'conns', 'metric', 'A median', 'B median', 'B ÷ A', 'B better in'], rows, new Set([1, 3, 4, 5, 6])),
    '',
    markdownTable(['build', 'scenario', 'conns', 'req/s median', 'sandbox GETs/req', 'tokens/req', 'failed'], validity, new Set([2, 3, 4, 5, 6])),
  ].join('\n');
}
