import { setTimeout as sleep } from 'node:timers/promises';
import { erroredBetween } from './errored-operations.js';
import { gcPausesBetween } from './gc-pauses.js';
import type { GcPauses } from './gc-pauses.js';
import { runLoad } from './load.js';
import type { LoadResult } from './load.js';
import type { SandboxProcess } from './sandbox-process.js';
import type { Scenario } from './scenarios.js';
import type { BenchStack } from './stack.js';

export interface CellTiming {
  warmupSeconds: number;
  durationSeconds: number;
}

/** The gateway's side of one measured window: counter deltas, CPU spent, memory at the end. */
export interface GatewayDelta {
  graphqlRequests: number;
  tokenLookups: number;
  upstreamCalls: number;
  cpuMs: number;
  rssMb: number;
  /** Its main-thread GC pauses, when its metrics report them. */
  gcPauses: GcPauses | undefined;
  /** Operations it answered with an error, by outcome, when its metrics report them: a 200 may carry one. */
  erroredOperations: Map<string, number> | undefined;
}

/** A span of the monotonic clock (microseconds), the one V8 stamps CPU profile samples with. */
export interface TimeWindow {
  startUs: number;
  endUs: number;
}

/** One measured window of one scenario at one connection count. */
export interface CellRun {
  scenario: Scenario;
  connections: number;
  load: LoadResult;
  /** When the load ran, so a CPU profile can be cut down to the measured windows. */
  window: TimeWindow;
  gateway: GatewayDelta;
  /** `GET /v3/downloads` answers the sandbox counted itself, to cross-check `upstreamCalls`. */
  sandboxDownloads: number;
  /** Token grants the sandbox served during the window: should be 0 (the token is kept). */
  sandboxTokenGrants: number;
}

const SETTLE_POLL_MS = 100;
const SETTLE_LIMIT_MS = 5_000;

/**
 * Warm-up, then a measured window bracketed by counter readings. The order matters: /healthz
 * may probe the upstream (at most once per 5 s), so the gateway is read before the sandbox at
 * the start and after it at the end, which keeps those probes out of the sandbox's counts.
 */
export async function measureCell(stack: BenchStack, scenario: Scenario, connections: number, timing: CellTiming): Promise<CellRun> {
  // A direct cell reads the main gateway too, idle meanwhile; its figures are not reported.
  const gateway = scenario.gateway ?? stack.gateway;
  if (timing.warmupSeconds > 0) {
    await runLoad(scenario, connections, timing.warmupSeconds);
    await settleUpstream(stack.sandbox);
  }
  const countersBefore = await gateway.counters();
  const sandboxBefore = await stack.sandbox.counts();
  const metricsBefore = await gateway.metricsReading();
  const usageBefore = gateway.usage();

  const startUs = monotonicMicros();
  const load = await runLoad(scenario, connections, timing.durationSeconds);
  const window = { startUs, endUs: monotonicMicros() };

  await settleUpstream(stack.sandbox);
  const usageAfter = gateway.usage();
  const metricsAfter = await gateway.metricsReading();
  const sandboxAfter = await stack.sandbox.counts();
  const countersAfter = await gateway.counters();
  return {
    scenario,
    connections,
    load,
    window,
    gateway: {
      graphqlRequests: countersAfter.graphqlRequests - countersBefore.graphqlRequests,
      tokenLookups: countersAfter.tokenLookups - countersBefore.tokenLookups,
      upstreamCalls: countersAfter.upstreamCalls - countersBefore.upstreamCalls,
      cpuMs: usageAfter.cpuMs - usageBefore.cpuMs,
      rssMb: usageAfter.rssMb,
      gcPauses: between(metricsBefore?.gcPauses, metricsAfter?.gcPauses, gcPausesBetween),
      erroredOperations: between(metricsBefore?.erroredOperations, metricsAfter?.erroredOperations, erroredBetween),
    },
    sandboxDownloads: sandboxAfter.downloads - sandboxBefore.downloads,
    sandboxTokenGrants: sandboxAfter.token - sandboxBefore.token,
  };
}

/**
 * autocannon drops its sockets when time is up, but requests already inside the gateway run
 * to the end (and call upstream): wait until the sandbox sees no more, so they are counted.
 */
export async function settleUpstream(sandbox: Pick<SandboxProcess, 'counts'>): Promise<void> {
  const deadline = Date.now() + SETTLE_LIMIT_MS;
  let last = (await sandbox.counts()).downloads;
  while (Date.now() < deadline) {
    await sleep(SETTLE_POLL_MS);
    const now = (await sandbox.counts()).downloads;
    if (now === last) return;
    last = now;
  }
}

function between<T>(before: T | undefined, after: T | undefined, difference: (before: T, after: T) => T): T | undefined {
  return before === undefined || after === undefined ? undefined : difference(before, after);
}

function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}
