import type { CellSummary } from './aggregate.js';
import { linearFit } from './linear-fit.js';
import type { LinearFit } from './linear-fit.js';
import { fixed, markdownTable } from './markdown-table.js';

/** How CPU per request grows with items, for one series (page sizes, or aliases). */
export interface GrowthSeries {
  series: string;
  points: Array<{ id: string; items: number; cpuMsPerRequest: number }>;
  fit: LinearFit;
}

/** Page sizes and alias counts are fitted separately: an alias adds an upstream call as well as items. */
export function growthSeries(cells: ReadonlyArray<CellSummary>): GrowthSeries[] {
  return [
    { series: 'page sizes', prefix: 'size-' },
    { series: 'aliases', prefix: 'aliases-' },
  ].flatMap(({ series, prefix }) => {
    const points = cells
      .filter((cell) => cell.id.startsWith(prefix) && cell.gateway !== undefined)
      .map((cell) => ({ id: cell.id, items: cell.items, cpuMsPerRequest: cell.gateway?.cpuMsPerRequest ?? Number.NaN }));
    return points.length === 0 ? [] : [{ series, points, fit: linearFit(points.map((p) => ({ x: p.items, y: p.cpuMsPerRequest }))) }];
  });
}

/** Per-case rows, then the fitted lines, then whether upstream calls and token lookups behaved. */
export function growthTables(cells: ReadonlyArray<CellSummary>, series: ReadonlyArray<GrowthSeries>): string {
  const headers = ['case', 'conns', 'items', 'upstream/req', 'expected', 'tokens/req', 'CPU ms/req', 'CPU µs/item', 'req/s', 'p50 ms', 'p99 ms', 'failed'];
  const rows = cells.map((cell) => [
    cell.label,
    String(cell.connections),
    String(cell.items),
    fixed(cell.gateway?.upstreamCallsPerRequest, 3),
    String(cell.expectedUpstreamCalls),
    fixed(cell.gateway?.tokenLookupsPerRequest, 3),
    fixed(cell.gateway?.cpuMsPerRequest, 3),
    fixed(cell.gateway && (cell.gateway.cpuMsPerRequest * 1000) / cell.items, 1),
    fixed(cell.reqPerSec, 0),
    fixed(cell.p50Ms, 3),
    fixed(cell.p99Ms, 3),
    String(cell.failures),
  ]);
  const fits = series.map(
    ({ series: name, fit }) => `- ${name}: CPU ms/req ≈ ${fixed(fit.intercept, 3)} + ${fixed(fit.slope * 1000, 1)} µs × items (R² ${fixed(fit.r2, 3)})`,
  );
  const wrongCalls = cells.filter((cell) => cell.gateway?.upstreamCallsPerRequest !== cell.expectedUpstreamCalls);
  const wrongTokens = cells.filter((cell) => cell.gateway?.tokenLookupsPerRequest !== 1);
  return [
    markdownTable(headers, rows, new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])),
    '',
    ...fits,
    `- upstream calls as planned (1 per page, 1 per alias): ${wrongCalls.length === 0 ? 'yes' : `no: ${wrongCalls.map((cell) => cell.id).join(', ')}`}`,
    `- token lookups flat at 1 per request: ${wrongTokens.length === 0 ? 'yes' : `no: ${wrongTokens.map((cell) => cell.id).join(', ')}`}`,
  ].join('\n');
}
