import type { CellSummary } from './aggregate.js';

/** One of the targets, judged on this run's figures. */
export interface TargetCheck {
  target: string;
  figure: string;
  limit: string;
  verdict: 'pass' | 'miss' | 'not run';
}

const RATIO_MIN = 0.25;
const ADDED_P50_MAX_MS = 0.8;
const RSS_MAX_MB = 120;

/** The targets for the matrix (cache off), plus one validity check: no failed requests. */
export function checkTargets(cells: ReadonlyArray<CellSummary>): TargetCheck[] {
  const gatewayCells = cells.filter((cell) => cell.gateway !== undefined);
  return [
    throughputRatio(find(cells, 'a', 10), find(cells, 'b', 10)),
    addedLatency(find(cells, 'a', 1), find(cells, 'b', 1)),
    rssAfterLoad('gateway RSS after load, the largest at the end of a cell', gatewayCells, RSS_MAX_MB),
    upstreamCalls(gatewayCells),
    exactlyOne('token lookups per GraphQL request', gatewayCells, (cell) => cell.gateway?.tokenLookupsPerRequest),
    noFailures(cells),
  ];
}

function throughputRatio(direct: CellSummary | undefined, gateway: CellSummary | undefined): TargetCheck {
  const target = 'gateway ÷ direct req/s, (b) at 10 connections';
  if (direct === undefined || gateway === undefined) return notRun(target, `>= ${RATIO_MIN}`);
  const ratio = gateway.reqPerSec / direct.reqPerSec;
  return judge(target, ratio.toFixed(2), `>= ${RATIO_MIN}`, ratio >= RATIO_MIN);
}

function addedLatency(direct: CellSummary | undefined, gateway: CellSummary | undefined): TargetCheck {
  const target = 'added p50 latency, (b) − (a) at 1 connection';
  if (direct === undefined || gateway === undefined) return notRun(target, `<= ${ADDED_P50_MAX_MS} ms`);
  const added = gateway.p50Ms - direct.p50Ms;
  return judge(target, `${added.toFixed(3)} ms`, `<= ${ADDED_P50_MAX_MS} ms`, added <= ADDED_P50_MAX_MS);
}

/**
 * Memory after load, read where it is highest: at the end of a gateway cell, on whichever
 * gateway process served it. Read at the end of the run instead, a gateway that idled while
 * other processes served the last cells would have given memory back by then.
 */
export function rssAfterLoad(target: string, cells: ReadonlyArray<CellSummary>, maxMb: number): TargetCheck {
  let largest: { cell: CellSummary; mb: number } | undefined;
  for (const cell of cells) {
    const mb = cell.gateway?.rssMb;
    if (mb !== undefined && (largest === undefined || mb > largest.mb)) largest = { cell, mb };
  }
  if (largest === undefined) return notRun(target, `<= ${maxMb} MB`);
  const { cell, mb } = largest;
  return judge(target, `${mb.toFixed(1)} MB, (${cell.id}) at ${cell.connections}`, `<= ${maxMb} MB`, mb <= maxMb);
}

export function find(cells: ReadonlyArray<CellSummary>, id: string, connections: number): CellSummary | undefined {
  return cells.find((cell) => cell.id === id && cell.connections === connections);
}

function exactlyOne(target: string, cells: ReadonlyArray<CellSummary>, figure: (cell: CellSummary) => number | undefined): TargetCheck {
  if (cells.length === 0) return notRun(target, '= 1');
  const off = cells.filter((cell) => figure(cell) !== 1);
  return judge(target, off.length === 0 ? allCells(cells) : listCells(off, (cell) => (figure(cell) ?? Number.NaN).toFixed(3)), '= 1', off.length === 0);
}

/**
 * The gateway's count is the planned calls per request and must be exactly 1. The sandbox's
 * count may be lower (concurrent identical calls are coalesced across requests) but never
 * higher: that would be a call the gateway does not count, such as a retry.
 */
function upstreamCalls(cells: ReadonlyArray<CellSummary>): TargetCheck {
  const target = 'upstream calls per GraphQL request (sandbox-counted <= 1)';
  if (cells.length === 0) return notRun(target, '= 1');
  const counted = (cell: CellSummary) => cell.gateway?.upstreamCallsPerRequest;
  const seen = (cell: CellSummary) => cell.gateway?.sandboxGetsPerRequest ?? Number.NaN;
  const off = cells.filter((cell) => counted(cell) !== 1 || !(seen(cell) <= 1));
  const figure = off.length === 0 ? allCells(cells) : listCells(off, (cell) => `${(counted(cell) ?? Number.NaN).toFixed(3)} (sandbox ${seen(cell).toFixed(3)})`);
  return judge(target, figure, '= 1', off.length === 0);
}

function allCells(cells: ReadonlyArray<CellSummary>): string {
  return `1 in each of ${cells.length} gateway cells`;
}

function listCells(cells: ReadonlyArray<CellSummary>, figure: (cell: CellSummary) => string): string {
  return cells.map((cell) => `(${cell.id}) at ${cell.connections}: ${figure(cell)}`).join(', ');
}

function noFailures(cells: ReadonlyArray<CellSummary>): TargetCheck {
  const failed = cells.filter((cell) => cell.failures > 0);
  const figure = failed.length === 0 ? '0' : listCells(failed, (cell) => String(cell.failures));
  return judge('failed requests (validity of the figures)', figure, '= 0', failed.length === 0);
}

export function judge(target: string, figure: string, limit: string, pass: boolean): TargetCheck {
  return { target, figure, limit, verdict: pass ? 'pass' : 'miss' };
}

export function notRun(target: string, limit: string): TargetCheck {
  return { target, figure: '—', limit, verdict: 'not run' };
}
