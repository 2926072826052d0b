import type { GraphQLSchema } from 'graphql';
import { fullDownloadsQuery } from './documents.js';
import type { DownloadsCall } from './documents.js';
import type { GatewayProcess } from './gateway-process.js';
import type { MatrixCell } from './options.js';
import type { TokenCycle } from './token-cycle.js';

/** One kind of request the bench sends over and over. */
export interface Scenario {
  id: string;
  label: string;
  target: 'direct' | 'gateway';
  /** The gateway process that serves it, whose counters it reads; undefined for direct calls. */
  gateway: GatewayProcess | undefined;
  request: { url: string; method: 'GET' | 'POST'; headers: Record<string, string>; body?: string };
  /** Authorization values; connection i sends callers[i % length]. Empty: no Authorization header. */
  callers: ReadonlyArray<string>;
  /** When set, every request carries the next value instead of its connection's caller. */
  perRequestCallers?: TokenCycle;
  /** Downloads in one response, over all aliases: checked before measuring; the growth mode's x. */
  items: number;
  /** Upstream GETs one request should cost (gateway scenarios). */
  expectedUpstreamCalls: number;
}

export interface ScenarioContext {
  schema: GraphQLSchema;
  sandboxUrl: string;
  /** The gateway with the response cache off, serving every gateway cell but those in `ownGateways`. */
  gateway: GatewayProcess;
  /** A gateway of the same build for each cell in OWN_GATEWAY_CELLS, started only when that cell runs. */
  ownGateways: ReadonlyMap<MatrixCell, GatewayProcess>;
  directHeaders: Record<string, string>;
  /** Authorization values for direct calls, one per connection. */
  directCallers: ReadonlyArray<string>;
  /** Authorization values for gateway calls: the same, or none to run as the service account. */
  gatewayCallers: ReadonlyArray<string>;
  /** For (e): a different token on every request; granted only when (e) runs. */
  distinctCallers: TokenCycle | undefined;
  /** `cursors[i]` is the cursor of the download at offset i of the unfiltered list. */
  cursors: ReadonlyArray<string>;
}

/** How a cell's gateway of its own is started, and the suffix its label adds to the build's. */
export interface OwnGateway {
  responseCache: boolean;
  labelSuffix: string;
}

/**
 * Cells each served by a gateway of their own: (f) needs the response cache on; (g) is compared
 * with (f), so it too starts on a fresh process, not on a heap shaped by (b)-(e)'s requests.
 */
export const OWN_GATEWAY_CELLS: ReadonlyMap<MatrixCell, OwnGateway> = new Map([
  ['f', { responseCache: true, labelSuffix: '-cached' }],
  ['g', { responseCache: false, labelSuffix: '-coalescing' }],
]);
/** Cells that send a different token on every request. */
export const DISTINCT_TOKEN_CELLS: ReadonlySet<MatrixCell> = new Set(['e']);

const PAGE = 20;
/** (c): a window that starts mid-page yet still fits one Getty page (`page=2&page_size=29`). */
const CURSOR_OFFSET = 37;
const GROWTH_PAGE_SIZES = [1, 10, 50, 100] as const;
const GROWTH_ALIASES = [1, 2, 5, 10] as const;
/** Each growth alias reads its own window of this size, so no two aliases share an upstream GET. */
const ALIAS_PAGE = 10;

/** How many leading cursors the scenarios need. */
export const CURSORS_NEEDED = Math.max(CURSOR_OFFSET + 1, (Math.max(...GROWTH_ALIASES) - 1) * ALIAS_PAGE);

export function matrixScenario(cell: MatrixCell, context: ScenarioContext): Scenario {
  switch (cell) {
    case 'a':
      return {
        id: 'a',
        label: `direct GET /v3/downloads?page_size=${PAGE}`,
        target: 'direct',
        gateway: undefined,
        request: { url: `${context.sandboxUrl}/v3/downloads?page_size=${PAGE}`, method: 'GET', headers: context.directHeaders },
        callers: context.directCallers,
        items: PAGE,
        expectedUpstreamCalls: 1,
      };
    case 'b':
      return fullPage('b', `gateway downloads(first: ${PAGE}), every field`, context);
    case 'c':
      return gatewayScenario(
        'c',
        `gateway first: ${PAGE}, after: <offset ${CURSOR_OFFSET}>`,
        context,
        [{ alias: 'downloads', first: PAGE, after: cursorAt(context, CURSOR_OFFSET) }],
        1,
      );
    case 'd':
      return gatewayScenario(
        'd',
        'gateway 2 aliases, identical arguments',
        context,
        [
          { alias: 'one', first: PAGE },
          { alias: 'two', first: PAGE },
        ],
        1,
      );
    case 'e': {
      const distinct = context.distinctCallers;
      if (distinct === undefined) throw new Error('cell (e) needs its pool of distinct tokens');
      return { ...fullPage('e', `as (b), a different token on every request`, context), perRequestCallers: distinct };
    }
    case 'f': {
      const cached = context.ownGateways.get('f');
      if (cached === undefined) throw new Error('cell (f) needs the gateway with the response cache on');
      return fullPage('f', 'as (b), answered from the response cache (warm)', { ...context, gateway: cached });
    }
    case 'g': {
      const coalescing = context.ownGateways.get('g');
      if (coalescing === undefined) throw new Error('cell (g) needs a gateway of its own');
      return { ...fullPage('g', 'as (b), one token for all connections (coalescing)', { ...context, gateway: coalescing }), callers: context.gatewayCallers.slice(0, 1) };
    }
  }
}

/** (b)'s request: `downloads(first: 20)`, every field. */
function fullPage(id: string, label: string, context: ScenarioContext): Scenario {
  return gatewayScenario(id, label, context, [{ alias: 'downloads', first: PAGE }], 1);
}

/**
 * The floors: (a), the limit, beside `{ __typename }` through the gateway, which costs
 * fastify's and Apollo's pipeline and nothing else (no token, no upstream call).
 */
export function floorScenarios(context: ScenarioContext): Scenario[] {
  return [matrixScenario('a', context), typenameScenario('pipeline', 'gateway { __typename }: HTTP and Apollo only', context)];
}

/** The bare library floor processes (bench/library-floor-server.ts), by page source and answers. */
export interface LibraryFloors {
  memory: GatewayProcess;
  getty: GatewayProcess;
  memoryShared: GatewayProcess;
  gettyShared: GatewayProcess;
}

/**
 * The library floors, on bench/library-floor-server.ts (bare fastify and Apollo, the gateway's
 * schema and compiled execution): `{ __typename }` and (b)'s query answered from a page held in
 * memory, on `memory`; and, on `getty`, (b)'s query from one Getty call per request through the
 * gateway's got client, a different token on every request as in (e), then one token for all
 * connections as in (g), so identical calls in flight are made once. Then the same with answers
 * shared as the gateway shares them: from memory, rendered once and handed to every later
 * request at once (the bare cache hit, as (f)); from Getty, a different token on every request
 * (each builds its own: the callers' cost), then one token for all connections, where requests
 * wait for the answer their caller builds (the bare joiner, as (g)).
 */
export function libraryFloorScenarios(context: ScenarioContext, floors: LibraryFloors): Scenario[] {
  const onMemory = { ...context, gateway: floors.memory, gatewayCallers: [] };
  const distinct = context.distinctCallers;
  if (distinct === undefined) throw new Error("the Getty-calling library floor needs (e)'s pool of distinct tokens");
  const oneToken = context.directCallers.slice(0, 1);
  return [
    typenameScenario('bare-typename', 'bare fastify + Apollo { __typename }', onMemory),
    fullPage('memory-page', `bare fastify + Apollo + compiled execution, (b)'s query, ${PAGE} downloads from memory`, onMemory),
    {
      ...fullPage('getty-page', `bare fastify + Apollo + compiled execution + one got call, (b)'s query, a different token on every request`, {
        ...context,
        gateway: floors.getty,
      }),
      perRequestCallers: distinct,
    },
    {
      ...fullPage('getty-page-shared', `bare fastify + Apollo + compiled execution + one got call, (b)'s query, one token for all connections (coalescing)`, {
        ...context,
        gateway: floors.getty,
      }),
      callers: oneToken,
    },
    fullPage('memory-answer', `bare fastify + Apollo, (b)'s answer from memory, built once and returned at once (a bare cache hit)`, {
      ...context,
      gateway: floors.memoryShared,
      gatewayCallers: [],
    }),
    {
      ...fullPage('getty-answer', `bare fastify + Apollo, (b)'s answer from one got call, shared per token, a different token on every request`, {
        ...context,
        gateway: floors.gettyShared,
      }),
      perRequestCallers: distinct,
    },
    {
      ...fullPage('getty-answer-shared', `bare fastify + Apollo, (b)'s answer from one got call, shared per token, one token for all connections (joiners wait for it)`, {
        ...context,
        gateway: floors.gettyShared,
      }),
      callers: oneToken,
    },
  ];
}

function typenameScenario(id: string, label: string, context: ScenarioContext): Scenario {
  return graphqlScenario(id, label, context, { query: '{ __typename }' }, 0, 0);
}

/** Page sizes 1 to 100 (one upstream GET each), then 1 to 10 aliases (one GET per alias). */
export function growthScenarios(context: ScenarioContext): Scenario[] {
  const sizes = GROWTH_PAGE_SIZES.map((size) => gatewayScenario(`size-${size}`, `downloads(first: ${size})`, context, [{ alias: 'downloads', first: size }], 1));
  const aliases = GROWTH_ALIASES.map((count) => {
    const calls: DownloadsCall[] = Array.from({ length: count }, (_, index) =>
      index === 0 ? { alias: 'a0', first: ALIAS_PAGE } : { alias: `a${index}`, first: ALIAS_PAGE, after: cursorAt(context, index * ALIAS_PAGE - 1) },
    );
    return gatewayScenario(`aliases-${count}`, `${count} × downloads(first: ${ALIAS_PAGE}), different windows`, context, calls, count);
  });
  return [...sizes, ...aliases];
}

function gatewayScenario(id: string, label: string, context: ScenarioContext, calls: DownloadsCall[], expectedUpstreamCalls: number): Scenario {
  const items = calls.reduce((sum, call) => sum + call.first, 0);
  return graphqlScenario(id, label, context, fullDownloadsQuery(context.schema, calls), items, expectedUpstreamCalls);
}

/** One GraphQL POST to the context's gateway, as its callers. */
function graphqlScenario(id: string, label: string, context: ScenarioContext, body: object, items: number, expectedUpstreamCalls: number): Scenario {
  return {
    id,
    label,
    target: 'gateway',
    gateway: context.gateway,
    request: {
      url: `${context.gateway.url}/graphql`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    },
    callers: context.gatewayCallers,
    items,
    expectedUpstreamCalls,
  };
}

function cursorAt(context: ScenarioContext, offset: number): string {
  const cursor = context.cursors[offset];
  if (cursor === undefined) throw new Error(`the sandbox list has no download at offset ${offset}`);
  return cursor;
}
