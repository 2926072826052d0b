import type { CellSummary } from './aggregate.js';
import { find, judge, notRun, rssAfterLoad } from './targets.js';
import type { TargetCheck } from './targets.js';

/** Issue #13's limits. */
export const ROUND_TWO_LIMITS = {
  distinctRatioMin: 0.12,
  distinctAddedP50MaxMs: 1.0,
  rssMaxMb: 120,
  cachedRatioMin: 0.25,
  cachedAddedP50MaxMs: 0.5,
} as const;

/** How the gateways measured were deployed. */
export interface Deployment {
  /** Shared state on Redis, with the key's budget and the per-client limit on (`--redis`). */
  redis: boolean;
}

const DEPLOYMENT_TARGET = 'figures as deployed with several instances: Redis configured, metrics on';

/**
 * Issue #13's targets: (e) a different token on every request, so neither coalescing nor
 * the cache stands in for Getty; (f) answered from the warm response cache; (g) identical
 * requests with one token, coalesced onto calls in flight, which should cost no more than (f).
 * The issue asks for them with Redis configured and metrics on (the bench always serves its
 * metrics), so a run without Redis misses its first row, whatever its figures.
 */
export function checkRoundTwoTargets(cells: ReadonlyArray<CellSummary>, deployment: Deployment): TargetCheck[] {
  const limits = ROUND_TWO_LIMITS;
  const distinct10 = find(cells, 'e', 10);
  const distinctCells = cells.filter((cell) => cell.id === 'e');
  return [
    judge(DEPLOYMENT_TARGET, deployment.redis ? 'Redis on, metrics on' : 'Redis off (state in process), metrics on', 'Redis on, metrics on', deployment.redis),
    ratio('(e) distinct tokens: gateway ÷ direct req/s at 10 connections', find(cells, 'a', 10), distinct10, limits.distinctRatioMin),
    added('(e) distinct tokens: added p50, (e) − (a) at 1 connection', find(cells, 'a', 1), find(cells, 'e', 1), limits.distinctAddedP50MaxMs),
    rssAfterLoad(
      'gateway RSS after load, (e) included: the largest at the end of a cell',
      distinctCells.length === 0 ? [] : cells.filter((cell) => cell.gateway !== undefined),
      limits.rssMaxMb,
    ),
    perRequest('(e) Getty calls per request (sandbox-counted)', distinctCells, (cell) => cell.gateway?.sandboxGetsPerRequest, 1),
    perRequest('(e) token lookups per request', distinctCells, (cell) => cell.gateway?.tokenLookupsPerRequest, 1),
    ratio('(f) cache hit: gateway ÷ direct req/s at 10 connections', find(cells, 'a', 10), find(cells, 'f', 10), limits.cachedRatioMin),
    added('(f) cache hit: added p50, (f) − (a) at 1 connection', find(cells, 'a', 1), find(cells, 'f', 1), limits.cachedAddedP50MaxMs),
    perRequest(
      '(f) Getty calls per request (warm cache: none)',
      cells.filter((cell) => cell.id === 'f'),
      (cell) => cell.gateway?.sandboxGetsPerRequest,
      0,
    ),
    ratio('(g) coalesced, one token: gateway ÷ direct req/s at 10 connections', find(cells, 'a', 10), find(cells, 'g', 10), limits.cachedRatioMin),
    coalescedCost(find(cells, 'g', 10), find(cells, 'e', 10) ?? find(cells, 'b', 10), find(cells, 'f', 10)),
  ];
}

/**
 * What a request coalesced onto a call in flight costs, against a cache hit. (g) mixes the
 * requests that made the Getty call with those that joined it; the callers are costed as a
 * request that calls Getty itself ((e), else (b)), and what is left of (g)'s CPU is the joiners':
 * (g − calls/req × caller) ÷ (1 − calls/req).
 */
export function coalescedCost(coalesced: CellSummary | undefined, caller: CellSummary | undefined, cacheHit: CellSummary | undefined): TargetCheck {
  const target = '(g) a coalesced request costs no more CPU than a cache hit (f), at 10 connections';
  const calls = coalesced?.gateway?.sandboxGetsPerRequest;
  const callerMs = caller?.gateway?.cpuMsPerRequest;
  const hitMs = cacheHit?.gateway?.cpuMsPerRequest;
  if (calls === undefined || callerMs === undefined || hitMs === undefined || calls >= 1) return notRun(target, '<= (f)');
  const joinerMs = joinerCpu(coalesced!.gateway!.cpuMsPerRequest, calls, callerMs);
  const figure = `${joinerMs.toFixed(3)} ms per joiner (${caller!.id}: ${callerMs.toFixed(3)} ms per caller, ${calls.toFixed(3)} calls/req)`;
  return judge(target, figure, `<= ${hitMs.toFixed(3)} ms (f)`, joinerMs <= hitMs);
}

/**
 * The CPU per joining request of a cell that mixes callers and joiners, `callsPerRequest` of
 * its requests being callers that cost `callerCpu` each (any unit, the same for all three).
 */
export function joinerCpu(cellCpu: number, callsPerRequest: number, callerCpu: number): number {
  return (cellCpu - callsPerRequest * callerCpu) / (1 - callsPerRequest);
}

function ratio(target: string, direct: CellSummary | undefined, gateway: CellSummary | undefined, min: number): TargetCheck {
  if (direct === undefined || gateway === undefined) return notRun(target, `>= ${min}`);
  const value = gateway.reqPerSec / direct.reqPerSec;
  const calls = gateway.gateway === undefined ? '' : ` (${gateway.gateway.sandboxGetsPerRequest.toFixed(3)} Getty calls/req)`;
  return judge(target, `${value.toFixed(3)}${calls}`, `>= ${min}`, value >= min);
}

function added(target: string, direct: CellSummary | undefined, gateway: CellSummary | undefined, maxMs: number): TargetCheck {
  if (direct === undefined || gateway === undefined) return notRun(target, `<= ${maxMs} ms`);
  const value = gateway.p50Ms - direct.p50Ms;
  return judge(target, `${value.toFixed(3)} ms`, `<= ${maxMs} ms`, value <= maxMs);
}

/** Each cell's figure must be `expected` (to the third decimal: a stray health probe is not a call per request). */
function perRequest(target: string, cells: ReadonlyArray<CellSummary>, figure: (cell: CellSummary) => number | undefined, expected: number): TargetCheck {
  if (cells.length === 0) return notRun(target, `= ${expected}`);
  const shown = (cell: CellSummary) => (figure(cell) ?? Number.NaN).toFixed(3);
  const off = cells.filter((cell) => shown(cell) !== expected.toFixed(3));
  const text = cells.map((cell) => `${shown(cell)} at ${cell.connections}`).join(', ');
  return judge(target, text, `= ${expected}`, off.length === 0);
}
