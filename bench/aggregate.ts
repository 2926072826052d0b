import { addGcPauses } from './gc-pauses.js';
import type { GcPauses } from './gc-pauses.js';
import type { CellRun } from './measure-cell.js';
import { summarizeLatencies } from './percentiles.js';

/** The gateway's cost per GraphQL request over all rounds of a cell. */
export interface GatewayCost {
  graphqlRequests: number;
  upstreamCallsPerRequest: number;
  tokenLookupsPerRequest: number;
  /** The sandbox's own count of downloads GETs, per gateway request: cross-checks the line above. */
  sandboxGetsPerRequest: number;
  cpuMsPerRequest: number;
  /** Resident memory: the largest at the end of any of the cell's rounds. */
  rssMb: number;
  /** Token grants the sandbox served while measuring: 0 when the gateway keeps its token. */
  tokenGrants: number;
  /** Main-thread GC pauses over every round, when the process reports them (absent in runs saved before). */
  gcPauses?: GcPauses | undefined;
}

/** One scenario at one connection count, over every round it ran. */
export interface CellSummary {
  id: string;
  label: string;
  target: 'direct' | 'gateway';
  connections: number;
  items: number;
  expectedUpstreamCalls: number;
  /** Mean of the rounds' rates. */
  reqPerSec: number;
  reqPerSecRounds: number[];
  /** Over every 200 of every round, at sub-millisecond resolution. */
  p50Ms: number;
  p99Ms: number;
  samples: number;
  /** Non-200 answers, operations answered with an error (a 200 may carry one), connection errors and timeouts: a cell with any is not a valid figure. */
  failures: number;
  /** Only for gateway scenarios. */
  gateway: GatewayCost | undefined;
}

/** Groups runs by scenario and connection count, keeping first-run order. */
export function summarizeCells(runs: ReadonlyArray<CellRun>): CellSummary[] {
  const groups = new Map<string, CellRun[]>();
  for (const run of runs) {
    const key = `${run.scenario.id}@${run.connections}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  return [...groups.values()].map(summarizeCell);
}

function summarizeCell(runs: CellRun[]): CellSummary {
  const first = runs[0];
  if (first === undefined) throw new Error('a cell needs at least one run');
  const rates = runs.map((run) => run.load.okResponses / run.load.seconds);
  const latency = summarizeLatencies(runs.flatMap((run) => run.load.latenciesMs));
  return {
    id: first.scenario.id,
    label: first.scenario.label,
    target: first.scenario.target,
    connections: first.connections,
    items: first.scenario.items,
    expectedUpstreamCalls: first.scenario.expectedUpstreamCalls,
    reqPerSec: rates.reduce((sum, rate) => sum + rate, 0) / rates.length,
    reqPerSecRounds: rates,
    p50Ms: latency.p50Ms,
    p99Ms: latency.p99Ms,
    samples: latency.count,
    failures: runs.reduce((sum, run) => sum + run.load.otherStatuses + run.load.errors + erroredCount(run), 0),
    gateway: first.scenario.target === 'gateway' ? gatewayCost(runs) : undefined,
  };
}

function erroredCount(run: CellRun): number {
  let count = 0;
  for (const errored of run.gateway.erroredOperations?.values() ?? []) count += errored;
  return count;
}

function gatewayCost(runs: CellRun[]): GatewayCost {
  const total = (pick: (run: CellRun) => number) => runs.reduce((sum, run) => sum + pick(run), 0);
  const requests = total((run) => run.gateway.graphqlRequests);
  const per = (value: number) => (requests === 0 ? Number.NaN : value / requests);
  return {
    graphqlRequests: requests,
    upstreamCallsPerRequest: per(total((run) => run.gateway.upstreamCalls)),
    tokenLookupsPerRequest: per(total((run) => run.gateway.tokenLookups)),
    sandboxGetsPerRequest: per(total((run) => run.sandboxDownloads)),
    cpuMsPerRequest: per(total((run) => run.gateway.cpuMs)),
    rssMb: Math.max(...runs.map((run) => run.gateway.rssMb)),
    tokenGrants: total((run) => run.sandboxTokenGrants),
    gcPauses: allReported(runs.map((run) => run.gateway.gcPauses)),
  };
}

function allReported(windows: ReadonlyArray<GcPauses | undefined>): GcPauses | undefined {
  const reported = windows.filter((window): window is GcPauses => window !== undefined);
  return reported.length === windows.length && reported.length > 0 ? addGcPauses(reported) : undefined;
}
