import type { GatewayProcess } from './gateway-process.js';
import type { MatrixCell } from './options.js';
import { fetchCursors } from './preflight.js';
import { CURSORS_NEEDED, DISTINCT_TOKEN_CELLS, OWN_GATEWAY_CELLS } from './scenarios.js';
import type { ScenarioContext } from './scenarios.js';
import { loadSchema } from './selection.js';
import type { BenchStack } from './stack.js';
import { grantBearers } from './token-grants.js';
import { TokenCycle } from './token-cycle.js';

/** What every build's scenarios share: the upstream, the callers, the cursors. */
export type SharedContext = Omit<ScenarioContext, 'gateway' | 'ownGateways'>;

/**
 * Tokens for (e), granted before measuring. Cycled, so a token comes back only after this
 * many requests, never while its last request is in flight; with the cache off the gateway
 * keeps nothing per token beyond a request, so the two are alike to it.
 */
export const DISTINCT_TOKENS = 4_000;
const GRANTS_IN_FLIGHT = 16;

export async function sharedContext(root: string, stack: BenchStack, cells: ReadonlyArray<MatrixCell>, serviceAccount: boolean): Promise<SharedContext> {
  const distinct = cells.some((cell) => DISTINCT_TOKEN_CELLS.has(cell));
  if (distinct) process.stderr.write(`bench: granting ${DISTINCT_TOKENS} tokens for (e)\n`);
  return {
    schema: loadSchema(root),
    sandboxUrl: stack.sandbox.ready.url,
    directHeaders: stack.directHeaders,
    directCallers: stack.callers,
    gatewayCallers: serviceAccount ? [] : stack.callers,
    distinctCallers: distinct ? new TokenCycle(await grantBearers(stack.sandbox.ready, DISTINCT_TOKENS, GRANTS_IN_FLIGHT)) : undefined,
    cursors: await fetchCursors(stack.gateway.url, CURSORS_NEEDED),
  };
}

/** One build's context: its main gateway, and one of the same build for each chosen cell that has its own. */
export async function buildContext(
  stack: BenchStack,
  shared: SharedContext,
  build: { root: string; label: string; gateway: GatewayProcess },
  cells: ReadonlyArray<MatrixCell>,
): Promise<ScenarioContext> {
  const ownGateways = new Map<MatrixCell, GatewayProcess>();
  for (const cell of cells) {
    const own = OWN_GATEWAY_CELLS.get(cell);
    if (own !== undefined) ownGateways.set(cell, await stack.startGateway(build.root, own.responseCache, `${build.label}${own.labelSuffix}`));
  }
  return { ...shared, gateway: build.gateway, ownGateways };
}
