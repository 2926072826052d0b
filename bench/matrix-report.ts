import type { CellSummary } from './aggregate.js';
import { gcTable } from './gc-report.js';
import { fixed, markdownTable } from './markdown-table.js';
import { find } from './targets.js';
import type { TargetCheck } from './targets.js';

/** The matrix as Markdown: one row per scenario and connection count, then the targets. */
export function matrixTables(cells: ReadonlyArray<CellSummary>, targets: ReadonlyArray<TargetCheck>, roundTwoTargets: ReadonlyArray<TargetCheck> = []): string {
  const headers = [
    'cell',
    'scenario',
    'conns',
    'req/s',
    'spread',
    '÷ direct',
    'p50 ms',
    '+p50 ms',
    'p99 ms',
    'upstream/req',
    'sandbox GETs/req',
    'tokens/req',
    'CPU ms/req',
    'RSS MB',
    'failed',
  ];
  const rows = cells.map((cell) => {
    const direct = find(cells, 'a', cell.connections);
    const versus = cell.target === 'gateway' && direct !== undefined ? direct : undefined;
    const cost = cell.gateway;
    return [
      `(${cell.id})`,
      cell.label,
      String(cell.connections),
      fixed(cell.reqPerSec, 0),
      spread(cell.reqPerSecRounds),
      fixed(versus && cell.reqPerSec / versus.reqPerSec, 2),
      fixed(cell.p50Ms, 3),
      fixed(versus && cell.p50Ms - versus.p50Ms, 3),
      fixed(cell.p99Ms, 3),
      fixed(cost?.upstreamCallsPerRequest, 3),
      fixed(cost?.sandboxGetsPerRequest, 3),
      fixed(cost?.tokenLookupsPerRequest, 3),
      fixed(cost?.cpuMsPerRequest, 3),
      fixed(cost?.rssMb, 1),
      String(cell.failures),
    ];
  });
  const targetRows = (checks: ReadonlyArray<TargetCheck>) => checks.map((check) => [check.target, check.figure, check.limit, check.verdict]);
  const gc = gcTable(cells);
  return [
    markdownTable(headers, rows, new Set([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14])),
    '',
    markdownTable(['target (cache off)', 'figure', 'limit', 'result'], targetRows(targets)),
    ...(roundTwoTargets.length === 0
      ? []
      : ['', markdownTable(['target (#13: distinct tokens, cache hit, coalesced)', 'figure', 'limit', 'result'], targetRows(roundTwoTargets))]),
    ...(gc === undefined
      ? []
      : [
          '',
          "Garbage collection per request, from the gateway's own metrics (`nodejs_gc_duration_seconds`): the pauses of its main thread only; what the collector does on other threads is in the CPU column above, not here.",
          '',
          gc,
        ]),
  ].join('\n');
}

/** Half the range of the rounds' rates, relative to their mean: how much to trust the figure. */
function spread(rates: ReadonlyArray<number>): string {
  if (rates.length < 2) return '—';
  const mean = rates.reduce((sum, rate) => sum + rate, 0) / rates.length;
  return `±${(((Math.max(...rates) - Math.min(...rates)) / 2 / mean) * 100).toFixed(0)}%`;
}
