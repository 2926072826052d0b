import type { CellSummary } from './aggregate.js';
import { pausedSeconds } from './gc-pauses.js';
import { fixed, markdownTable } from './markdown-table.js';

/**
 * The gateway cells' main-thread GC pauses per request, by kind, from the gateway's own
 * metrics; undefined when no cell has them (runs saved before they were read).
 */
export function gcTable(cells: ReadonlyArray<CellSummary>): string | undefined {
  const rows = cells.flatMap((cell) => {
    const cost = cell.gateway;
    const pauses = cost?.gcPauses;
    if (cost === undefined || pauses === undefined) return [];
    const requests = cost.graphqlRequests;
    const perThousand = (count: number) => (requests === 0 ? undefined : (count / requests) * 1000);
    const usPerRequest = (seconds: number) => (requests === 0 ? undefined : (seconds * 1e6) / requests);
    const allUs = usPerRequest(pausedSeconds(pauses));
    const cpuUs = cost.cpuMsPerRequest * 1000;
    return [
      [
        `(${cell.id})`,
        cell.label,
        String(cell.connections),
        fixed(perThousand(pauses.minor.count), 1),
        fixed(usPerRequest(pauses.minor.seconds), 1),
        fixed(perThousand(pauses.major.count), 2),
        fixed(usPerRequest(pauses.major.seconds), 1),
        fixed(usPerRequest(pauses.incremental.seconds), 1),
        fixed(allUs, 1),
        fixed(allUs !== undefined && cpuUs > 0 ? (allUs / cpuUs) * 100 : undefined, 0),
      ],
    ];
  });
  if (rows.length === 0) return undefined;
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
