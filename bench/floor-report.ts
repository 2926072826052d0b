import type { CellSummary } from './aggregate.js';
import type { ClientFloor } from './client-floor.js';
import { fixed, markdownTable } from './markdown-table.js';
import { joinerCpu, ROUND_TWO_LIMITS } from './targets-round-two.js';

/** The ratio the first round asked of gateway ÷ direct req/s at 10 connections. */
export const TARGET_RATIO = 0.25;
/** The added p50 latency the first round allowed at 1 connection. */
export const TARGET_ADDED_P50_US = 800;

export interface FloorRow {
  floor: string;
  cpuUsPerRequest: number | undefined;
  /** What one core could serve if this were all a request cost: 10^6 / µs. */
  ceilingReqPerSec: number;
  ceilingOverDirect: number;
}

/** One target set against the floor that stops it: what it allows per request, what the floor costs alone. */
export interface TargetFloor {
  target: string;
  /** CPU per request on one core (a throughput target), or the added p50 (a latency target). */
  allowedUs: number;
  /** The floor's CPU per request, or, for a latency target measured as such, its own added p50 at 1 connection. */
  floor: string;
  floorUs: number | undefined;
  /** allowedUs − floorUs: what is left for everything else; below 0, how far the floor alone overshoots. */
  leftUs: number | undefined;
}

export interface FloorFigures {
  directReqPerSec: number;
  rows: FloorRow[];
  /** Every target of both rounds against its floor. */
  targets: TargetFloor[];
  /**
   * Execution and serialization of (b)'s 20 downloads by Apollo and graphql-jit alone: the
   * memory-page floor less the bare `{ __typename }`; undefined when the run had no such floors.
   */
  executionUs: number | undefined;
  /**
   * (e) through the gateway beside the bare Getty-calling floor, in the same run: what the
   * gateway's own work adds on top of the libraries; undefined when the run had either missing.
   */
  distinctBesideFloor: { gateway: FloorCost; floor: FloorCost } | undefined;
  /**
   * The bare floor's requests coalesced onto a call in flight with one token, as (g): the CPU
   * per joining request (callers costed as the distinct-token floor's requests), beside the
   * page from memory; undefined when the run had either missing.
   */
  joinerBesideMemory: { joinerUs: number; callsPerRequest: number; memoryPageUs: number } | undefined;
  /**
   * (g)'s target on the bare floor with answers shared as the gateway shares them: the CPU per
   * request that waited for an answer in flight (callers costed as the same floor's requests
   * with a different token each), beside the bare cache hit (an answer built once, returned at
   * once); undefined when the run had any of the three missing.
   */
  joinerBesideHit: { joinerUs: number; callsPerRequest: number; hitUs: number } | undefined;
}

/** A cell's CPU per request at the most connections, and its own added p50 at 1 connection. */
export interface FloorCost {
  cpuUs: number | undefined;
  addedP50Us: number | undefined;
}

/** CPU per request one core can spend while serving `ratio` × direct's req/s. */
export function cpuBudgetUs(ratio: number, directReqPerSec: number): number {
  return 1e6 / (ratio * directReqPerSec);
}

export function targetFloor(target: string, allowedUs: number, floor: string, floorUs: number | undefined): TargetFloor {
  return { target, allowedUs, floor, floorUs, leftUs: floorUs === undefined || Number.isNaN(floorUs) ? undefined : allowedUs - floorUs };
}

/**
 * What the libraries the gateway keeps cost on their own, set against the limit and against
 * each target: if a floor alone leaves one core short of a target, no speed-up of the
 * gateway's own code can reach it. `cells` are the floor mode's: (a), the gateway's
 * `{ __typename }` (`pipeline`) and, when measured, the bare library floors
 * (`bare-typename`, `memory-page`, `getty-page`); CPU is read at the most connections run,
 * latency at 1.
 */
export function floorFigures(cells: ReadonlyArray<CellSummary>, clients: ReadonlyArray<ClientFloor>): FloorFigures {
  const mostConnections = Math.max(...cells.map((cell) => cell.connections));
  const loaded = cells.filter((cell) => cell.connections === mostConnections);
  const direct = loaded.find((cell) => cell.id === 'a');
  const pipeline = loaded.find((cell) => cell.id === 'pipeline');
  if (direct === undefined || pipeline === undefined) throw new Error('the floors need the direct cell and the gateway { __typename } cell');
  const cpuUs = (id: string) => {
    const cost = loaded.find((cell) => cell.id === id)?.gateway;
    return cost === undefined ? undefined : cost.cpuMsPerRequest * 1000;
  };
  // A latency target's floor measured as latency: the floor's p50 less the direct p50, both at 1 connection.
  const lone = (id: string) => cells.find((cell) => cell.id === id && cell.connections === 1);
  const addedP50Us = (id: string) => {
    const floor = lone(id);
    const directAlone = lone('a');
    return floor === undefined || directAlone === undefined || mostConnections === 1 ? undefined : (floor.p50Ms - directAlone.p50Ms) * 1000;
  };
  const directReqPerSec = direct.reqPerSec;
  const pipelineUs = cpuUs('pipeline') ?? Number.NaN;
  const bareUs = cpuUs('bare-typename');
  const memoryPageUs = cpuUs('memory-page');
  const gettyPageUs = cpuUs('getty-page');
  const cost = (id: string): FloorCost | undefined => (loaded.some((cell) => cell.id === id) ? { cpuUs: cpuUs(id), addedP50Us: addedP50Us(id) } : undefined);
  // A coalescing cell's CPU per joining request, its callers costed as `callerId`'s requests.
  const joinerIn = (sharedId: string, callerId: string): { joinerUs: number; callsPerRequest: number } | undefined => {
    const shared = loaded.find((cell) => cell.id === sharedId)?.gateway;
    const callerUs = cpuUs(callerId);
    if (shared === undefined || callerUs === undefined || shared.sandboxGetsPerRequest >= 1) return undefined;
    return { joinerUs: joinerCpu(shared.cpuMsPerRequest * 1000, shared.sandboxGetsPerRequest, callerUs), callsPerRequest: shared.sandboxGetsPerRequest };
  };
  const sharedUs = cpuUs('getty-page-shared');
  const pageJoiner = joinerIn('getty-page-shared', 'getty-page');
  const joinerBesideMemory = pageJoiner === undefined || memoryPageUs === undefined ? undefined : { ...pageJoiner, memoryPageUs };
  const hitUs = cpuUs('memory-answer');
  const answerJoiner = joinerIn('getty-answer-shared', 'getty-answer');
  const joinerBesideHit = answerJoiner === undefined || hitUs === undefined ? undefined : { ...answerJoiner, hitUs };
  const distinctGateway = cost('e');
  const distinctFloor = cost('getty-page');
  const atConnections = clients.find((client) => client.inFlight === pipeline.connections) ?? clients[clients.length - 1];
  const gotUs = atConnections?.gotUs ?? Number.NaN;
  const loneGotUs = clients.find((client) => client.inFlight === 1)?.gotUs ?? gotUs;
  const row = (floor: string, cpuUsPerRequest: number | undefined, ceilingReqPerSec: number): FloorRow => ({
    floor,
    cpuUsPerRequest,
    ceilingReqPerSec,
    ceilingOverDirect: ceilingReqPerSec / directReqPerSec,
  });
  const perCore = (us: number) => 1e6 / us;
  // fastify + Apollo + one got call: what every gateway request pays before execution; and
  // the same with the got call made alone (1 in flight), as it lies on one request's path.
  const keptLibrariesUs = pipelineUs + gotUs;
  const serialPathUs = pipelineUs + loneGotUs;
  const limits = ROUND_TWO_LIMITS;
  const withGot = `fastify + Apollo + one got call (${atConnections?.inFlight ?? '?'} in flight)`;
  const inSeries = 'fastify + Apollo + one lone got call, in series';
  const pipelineFloor = 'the gateway { __typename } (fastify + Apollo)';
  const pageFloor = 'bare fastify + Apollo + compiled execution, 20 downloads from memory';
  const gettyFloor = 'bare fastify + Apollo + compiled execution + one got call, a different token on every request';
  const sharedFloor = 'bare fastify + Apollo + compiled execution + one got call, one token for all connections (coalescing)';
  const bareLabel = 'bare fastify + Apollo { __typename }';
  const hitFloor = 'bare fastify + Apollo, an answer built once and returned at once (a bare cache hit)';
  const joinerFloor = 'bare fastify + Apollo, a request that waits for the answer a call in flight builds (a bare joiner)';
  const libraryRows = [
    ...(bareUs === undefined ? [] : [row(bareLabel, bareUs, perCore(bareUs))]),
    ...(memoryPageUs === undefined ? [] : [row(pageFloor, memoryPageUs, perCore(memoryPageUs))]),
    ...(gettyPageUs === undefined ? [] : [row(gettyFloor, gettyPageUs, perCore(gettyPageUs))]),
    ...(sharedUs === undefined ? [] : [row(sharedFloor, sharedUs, perCore(sharedUs))]),
    ...(hitUs === undefined ? [] : [row(hitFloor, hitUs, perCore(hitUs))]),
    ...(joinerBesideHit === undefined ? [] : [row(`${joinerFloor}, callers' share taken out`, joinerBesideHit.joinerUs, perCore(joinerBesideHit.joinerUs))]),
  ];
  return {
    directReqPerSec,
    executionUs: bareUs === undefined || memoryPageUs === undefined ? undefined : memoryPageUs - bareUs,
    joinerBesideMemory,
    joinerBesideHit,
    distinctBesideFloor: distinctGateway === undefined || distinctFloor === undefined ? undefined : { gateway: distinctGateway, floor: distinctFloor },
    rows: [
      row(`${direct.label}, ${direct.connections} connections: the limit`, undefined, directReqPerSec),
      row(`${pipeline.label}, ${pipeline.connections} connections`, pipelineUs, perCore(pipelineUs)),
      ...libraryRows,
      ...clients.flatMap((client) => [
        row(`got: one upstream call by the gateway's client (parse, validation), ${client.inFlight} in flight`, client.gotUs, perCore(client.gotUs)),
        row(`node:http by hand: the same call, ${client.inFlight} in flight (reference)`, client.nodeHttpUs, perCore(client.nodeHttpUs)),
      ]),
      row(`fastify + Apollo + one got call: every request, before execution`, keptLibrariesUs, perCore(keptLibrariesUs)),
    ],
    targets: [
      targetFloor(`(b) ≥ ${TARGET_RATIO} × direct at 10 connections (CPU/req on one core)`, cpuBudgetUs(TARGET_RATIO, directReqPerSec), withGot, keptLibrariesUs),
      targetFloor(`(b) added p50 ≤ ${TARGET_ADDED_P50_US / 1000} ms at 1 connection`, TARGET_ADDED_P50_US, inSeries, serialPathUs),
      targetFloor(
        `(e) ≥ ${limits.distinctRatioMin} × direct at 10 connections (CPU/req on one core)`,
        cpuBudgetUs(limits.distinctRatioMin, directReqPerSec),
        withGot,
        keptLibrariesUs,
      ),
      targetFloor(
        `(e) ≥ ${limits.distinctRatioMin} × direct at 10 connections (CPU/req on one core)`,
        cpuBudgetUs(limits.distinctRatioMin, directReqPerSec),
        gettyFloor,
        gettyPageUs,
      ),
      targetFloor(`(e) added p50 ≤ ${limits.distinctAddedP50MaxMs} ms at 1 connection`, limits.distinctAddedP50MaxMs * 1000, inSeries, serialPathUs),
      targetFloor(
        `(e) added p50 ≤ ${limits.distinctAddedP50MaxMs} ms at 1 connection`,
        limits.distinctAddedP50MaxMs * 1000,
        `${gettyFloor}: its own added p50 at 1 connection`,
        addedP50Us('getty-page'),
      ),
      targetFloor(
        `(f), (g) ≥ ${limits.cachedRatioMin} × direct at 10 connections (CPU/req on one core)`,
        cpuBudgetUs(limits.cachedRatioMin, directReqPerSec),
        pipelineFloor,
        pipelineUs,
      ),
      targetFloor(
        `(f), (g) ≥ ${limits.cachedRatioMin} × direct at 10 connections (CPU/req on one core)`,
        cpuBudgetUs(limits.cachedRatioMin, directReqPerSec),
        pageFloor,
        memoryPageUs,
      ),
      targetFloor(
        `(f) added p50 ≤ ${limits.cachedAddedP50MaxMs} ms at 1 connection`,
        limits.cachedAddedP50MaxMs * 1000,
        `${pipelineFloor}: its own added p50 at 1 connection`,
        addedP50Us('pipeline'),
      ),
      targetFloor(
        `(f) added p50 ≤ ${limits.cachedAddedP50MaxMs} ms at 1 connection`,
        limits.cachedAddedP50MaxMs * 1000,
        `${pageFloor}: its own added p50 at 1 connection`,
        addedP50Us('memory-page'),
      ),
      // A relative target: what it allows a joiner is what a hit costs, here the bare hit.
      targetFloor(`(g) a coalesced request costs no more CPU than a cache hit (f)`, hitUs ?? Number.NaN, joinerFloor, joinerBesideHit?.joinerUs),
    ],
  };
}

/** A floor's verdict on its target, in words: what it leaves, or by how much it alone misses. */
export function floorVerdict(entry: TargetFloor): string {
  if (entry.leftUs === undefined || entry.floorUs === undefined) return 'not measured in this run';
  if (entry.leftUs >= 0) return `leaves ${fixed(entry.leftUs, 0)} µs for the rest`;
  return `stops it: ${fixed(-entry.leftUs, 0)} µs over (${fixed(entry.floorUs / entry.allowedUs, 2)} × allowed)`;
}

export function floorTables(figures: FloorFigures): string {
  const headers = ['floor', 'CPU µs/req', 'one core: req/s', '÷ direct'];
  const rows = figures.rows.map((row) => [row.floor, fixed(row.cpuUsPerRequest, 0), fixed(row.ceilingReqPerSec, 0), fixed(row.ceilingOverDirect, 3)]);
  const targetRows = figures.targets.map((entry) => [entry.target, fixed(entry.allowedUs, 0), entry.floor, fixed(entry.floorUs, 0), floorVerdict(entry)]);
  const cachedAllowance = figures.targets.find((entry) => entry.target.startsWith('(f), (g)') && entry.floor.startsWith('the gateway'));
  const execution =
    figures.executionUs === undefined || cachedAllowance?.leftUs === undefined
      ? []
      : [
          `- Executing and serializing (b)'s 20 downloads in Apollo and graphql-jit alone costs ${fixed(figures.executionUs, 0)} µs (the memory-page floor less the bare \`{ __typename }\`); at ${ROUND_TWO_LIMITS.cachedRatioMin} × direct, ${
            cachedAllowance.leftUs >= 0
              ? `the gateway's \`{ __typename }\` leaves ${fixed(cachedAllowance.leftUs, 0)} µs for that and all of the gateway's own work on a cache hit`
              : `the gateway's \`{ __typename }\` alone is already ${fixed(-cachedAllowance.leftUs, 0)} µs over, before any of it`
          }.`,
        ];
  const beside = figures.distinctBesideFloor;
  const distinct =
    beside === undefined
      ? []
      : [
          `- In the same run, the gateway served (e) with ${fixed(beside.gateway.cpuUs, 0)} µs of CPU per request at the most connections and an added p50 of ${fixed(beside.gateway.addedP50Us, 0)} µs at 1 connection; the bare Getty-calling floor, with ${fixed(beside.floor.cpuUs, 0)} µs and ${fixed(beside.floor.addedP50Us, 0)} µs. The gateway's own work (hooks, context, loaders, breaker, metrics, answers) adds ${signedUs(beside.gateway.cpuUs, beside.floor.cpuUs)} of CPU and ${signedUs(beside.gateway.addedP50Us, beside.floor.addedP50Us)} of added p50 to the libraries'.`,
        ];
  const joiner = figures.joinerBesideMemory;
  const joining =
    joiner === undefined
      ? []
      : [
          `- Coalesced with nothing of the gateway's: on the bare Getty-calling floor with one token for all connections, ${fixed(joiner.callsPerRequest, 3)} Getty calls per request; costing each caller as the distinct-token floor's request, a request that joined a call in flight used ${fixed(joiner.joinerUs, 0)} µs of CPU, against ${fixed(joiner.memoryPageUs, 0)} µs for the same query answered from memory (${signedUs(joiner.joinerUs, joiner.memoryPageUs)}).`,
        ];
  const hit = figures.joinerBesideHit;
  const waiting =
    hit === undefined
      ? []
      : [
          `- Answers shared with nothing of the gateway's around them: with one token for all connections, ${fixed(hit.callsPerRequest, 3)} Getty calls per request; costing each caller as the same floor's request with a token of its own, a request that waited for its caller's answer used ${fixed(hit.joinerUs, 0)} µs of CPU, against ${fixed(hit.hitUs, 0)} µs for a request given an answer built earlier (${signedUs(hit.joinerUs, hit.hitUs)}). Neither executes nor renders anything: the difference is what waiting inside fastify and Apollo costs.`,
        ];
  return [
    markdownTable(headers, rows, new Set([1, 2, 3])),
    '',
    markdownTable(['target', 'allows µs/req', 'floor', 'floor µs/req', 'verdict'], targetRows, new Set([1, 3])),
    '',
    `- A throughput target of r × direct (${fixed(figures.directReqPerSec, 0)} req/s) allows 10^6 / (r × direct) µs of CPU per request on the one core a Node process runs JavaScript on; an added-p50 target allows its latency, against which the floor's CPU lies in series on each request's path, or, where a floor was served at 1 connection, its own added p50 (its p50 less the direct p50 at 1 connection).`,
    ...execution,
    ...distinct,
    ...joining,
    ...waiting,
  ].join('\n');
}

/** `a − b` in whole µs with its sign, or a phrase saying a part was not measured. */
function signedUs(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined) return 'a part not measured in this run';
  const difference = Math.round(a - b);
  return `${difference >= 0 ? '+' : '−'}${Math.abs(difference)} µs`;
}
