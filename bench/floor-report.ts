import type { CellSummary } from './aggregate.js';
import type { ClientFloor } from './client-floor.js';
import { fixed, markdownTable } from './markdown-table.js';

/** The ratio the issue asks of gateway ÷ direct req/s at 10 connections. */
export const TARGET_RATIO = 0.25;
/** The added p50 latency the issue allows at 1 connection. */
export const TARGET_ADDED_P50_US = 800;

export interface FloorRow {
  floor: string;
  cpuUsPerRequest: number | undefined;
  /** What one core could serve if this were all a request cost: 10^6 / µs. */
  ceilingReqPerSec: number;
  ceilingOverDirect: number;
}

export interface FloorFigures {
  directReqPerSec: number;
  rows: FloorRow[];
  /** CPU per request a single-threaded gateway may spend to reach TARGET_RATIO. */
  budgetUs: number;
  /** fastify + Apollo + one got call: what every gateway request pays before execution. */
  keptLibrariesUs: number;
  /** The same with the got call made alone (1 in flight): CPU on one request's path in series. */
  serialPathUs: number;
}

/**
 * What the libraries the gateway keeps cost on their own, set against the limit: if their
 * sum alone leaves one core short of TARGET_RATIO × direct, no execution speed-up can reach it.
 */
export function floorFigures(direct: CellSummary, pipeline: CellSummary, clients: ReadonlyArray<ClientFloor>): FloorFigures {
  const directReqPerSec = direct.reqPerSec;
  const pipelineUs = (pipeline.gateway?.cpuMsPerRequest ?? Number.NaN) * 1000;
  const atConnections = clients.find((client) => client.inFlight === pipeline.connections) ?? clients[clients.length - 1];
  const gotUs = atConnections?.gotUs ?? Number.NaN;
  const row = (floor: string, cpuUsPerRequest: number | undefined, ceilingReqPerSec: number): FloorRow => ({
    floor,
    cpuUsPerRequest,
    ceilingReqPerSec,
    ceilingOverDirect: ceilingReqPerSec / directReqPerSec,
  });
  const perCore = (us: number) => 1e6 / us;
  const keptLibrariesUs = pipelineUs + gotUs;
  const serialPathUs = pipelineUs + (clients.find((client) => client.inFlight === 1)?.gotUs ?? gotUs);
  return {
    serialPathUs,
    directReqPerSec,
    budgetUs: 1e6 / (TARGET_RATIO * directReqPerSec),
    keptLibrariesUs,
    rows: [
      row(`${direct.label}, ${direct.connections} connections: the limit`, undefined, directReqPerSec),
      row(`${pipeline.label}, ${pipeline.connections} connections`, pipelineUs, perCore(pipelineUs)),
      ...clients.flatMap((client) => [
        row(`got: one upstream call by the gateway's client (parse, validation), ${client.inFlight} in flight`, client.gotUs, perCore(client.gotUs)),
        row(`node:http by hand: the same call, ${client.inFlight} in flight (reference)`, client.nodeHttpUs, perCore(client.nodeHttpUs)),
      ]),
      row(`fastify + Apollo + one got call: every request, before execution`, keptLibrariesUs, perCore(keptLibrariesUs)),
    ],
  };
}

export function floorTables(figures: FloorFigures): string {
  const headers = ['floor', 'CPU µs/req', 'one core: req/s', '÷ direct'];
  const rows = figures.rows.map((row) => [row.floor, fixed(row.cpuUsPerRequest, 0), fixed(row.ceilingReqPerSec, 0), fixed(row.ceilingOverDirect, 3)]);
  const verdict =
    figures.keptLibrariesUs > figures.budgetUs ? `over that budget, so these libraries alone cap the gateway below ${TARGET_RATIO} × direct` : 'within that budget';
  return [
    markdownTable(headers, rows, new Set([1, 2, 3])),
    '',
    `- ${TARGET_RATIO} × direct (${fixed(figures.directReqPerSec, 0)} req/s) on one core leaves ${fixed(figures.budgetUs, 0)} µs of CPU per request.`,
    `- fastify + Apollo + one got call cost ${fixed(figures.keptLibrariesUs, 0)} µs per request before any execution or mapping, ${verdict}.`,
    `- At 1 connection the same work lies in series on each request's path: ${fixed(figures.serialPathUs, 0)} µs added, before execution, against the ${TARGET_ADDED_P50_US} µs allowed for the added p50.`,
  ].join('\n');
}
