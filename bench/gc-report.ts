import type { CellSummary } from './aggregate.js';
import { pausedSeconds } from './gc-pauses.js';
import { fixed, markdownTable } from './markdown-table.js';

/**
 * The gateway cells' main-thread GC pauses per request, by kind, from the gateway's own
 * metrics; undefined when no cell has them (runs saved before they were read).
 */
export function gcTable(cells: ReadonlyArray<CellSummary>): string | undefined {
  const measured = cells.filter((cell) => cell.gateway?.gcPauses !== undefined);
  if (measured.length === 0) return undefined;
  const rows = measured.map((cell) => {
    const cost = cell.gateway;
    const pauses = cost?.gcPauses;
    const requests = cost?.graphqlRequests ?? 0;
    const perThousand = (count: number | undefined) => (count === undefined || requests === 0 ? undefined : (count / requests) * 1000);
    const usPerRequest = (seconds: number | undefined) => (seconds === undefined || requests === 0 ? undefined : (seconds * 1e6) / requests);
    const allSeconds = pauses === undefined ? undefined : pausedSeconds(pauses);
    const allUs = usPerRequest(allSeconds);
    const cpuUs = cost === undefined ? undefined : cost.cpuMsPerRequest * 1000;
    return [
      `(${cell.id})`,
      cell.label,
      String(cell.connections),
      fixed(perThousand(pauses?.minor.count), 1),
      fixed(usPerRequest(pauses?.minor.seconds), 1),
      fixed(perThousand(pauses?.major.count), 2),
      fixed(usPerRequest(pauses?.major.seconds), 1),
      fixed(usPerRequest(pauses?.incremental.seconds), 1),
      fixed(allUs, 1),
      fixed(allUs !== undefined && cpuUs !== undefined && cpuUs > 0 ? (allUs / cpuUs) * 100 : undefined, 0),
    ];
  });
  return markdownTable(
    [
      'cell',
      'scenario',
      'conns',
      'scavenges /1k req',
      'scavenge µs/req',
      'full GCs /1k req',
      'full GC µs/req',
      'incremental marking µs/req',
      'all pauses µs/req',
      '% of CPU/req',
    ],
    rows,
    new Set([2, 3, 4, 5, 6, 7, 8, 9]),
  );
}
