import type { CellSummary } from './aggregate.js';
import { find, judge, notRun } from './targets.js';
import type { TargetCheck } from './targets.js';

/** Issue #13's limits. */
export const ROUND_TWO_LIMITS = {
  distinctRatioMin: 0.12,
  distinctAddedP50MaxMs: 1.0,
  rssMaxMb: 120,
  cachedRatioMin: 0.25,
  cachedAddedP50MaxMs: 0.5,
} as const;

/**
 * Issue #13's targets: (e) a different token on every request, so neither coalescing nor
 * the cache stands in for Getty; (f) answered from the warm response cache; (g) identical
 * requests with one token, coalesced onto calls in flight, which should cost no more than (f).
 */
export function checkRoundTwoTargets(cells: ReadonlyArray<CellSummary>, finalRssMb: number): TargetCheck[] {
  const limits = ROUND_TWO_LIMITS;
  const distinct10 = find(cells, 'e', 10);
  const distinctCells = cells.filter((cell) => cell.id === 'e');
  return [
    ratio('(e) distinct tokens: gateway ÷ direct req/s at 10 connections', find(cells, 'a', 10), distinct10, limits.distinctRatioMin),
    added('(e) distinct tokens: added p50, (e) − (a) at 1 connection', find(cells, 'a', 1), find(cells, 'e', 1), limits.distinctAddedP50MaxMs),
    distinctCells.length === 0
      ? notRun('gateway RSS after the run, (e) included', `<= ${limits.rssMaxMb} MB`)
      : judge('gateway RSS after the run, (e) included', `${finalRssMb.toFixed(1)} MB`, `<= ${limits.rssMaxMb} MB`, finalRssMb <= limits.rssMaxMb),
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
  ];
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
