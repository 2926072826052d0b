import { summarizeCells } from './aggregate.js';
import type { CellSummary } from './aggregate.js';
import { measureClientFloor } from './client-floor.js';
import type { ClientFloor } from './client-floor.js';
import { floorFigures, floorTables } from './floor-report.js';
import type { FloorFigures } from './floor-report.js';
import { measureAll } from './measure-all.js';
import type { ModeOutcome } from './mode-outcome.js';
import type { BenchOptions } from './options.js';
import { startLibraryFloorProcess } from './library-floor-process.js';
import type { CellRun } from './measure-cell.js';
import { floorScenarios, libraryFloorScenarios, matrixScenario } from './scenarios.js';
import type { LibraryFloors, ScenarioContext } from './scenarios.js';
import type { BenchStack } from './stack.js';

export interface FloorResult {
  cells: CellSummary[];
  clients: ClientFloor[];
  figures: FloorFigures;
}

const CALLS_PER_ROUND = 2_000;
const CLIENT_ROUNDS = 5;

/** One page of (b)'s Getty call, for the library floor to serve from memory. */
async function gettyPage(stack: BenchStack): Promise<unknown> {
  const response = await fetch(`${stack.sandbox.ready.url}/v3/downloads?page_size=20`, {
    headers: { ...stack.directHeaders, authorization: stack.callers[0] ?? '' },
  });
  if (response.status !== 200) throw new Error(`the sandbox answered ${response.status} to the library floor's page`);
  return response.json();
}

/**
 * What fastify + Apollo cost alone (the gateway's `{ __typename }`, and bare ones: `{ __typename }`,
 * (b)'s query answered from memory, and from one got call per request), and what one got call
 * costs, against the limit and each target.
 */
export async function runFloors(root: string, stack: BenchStack, context: ScenarioContext, options: BenchOptions): Promise<ModeOutcome<FloorResult>> {
  const connections = Math.max(...options.connections);
  const page = await gettyPage(stack);
  const upstream = { source: 'getty', apiUrl: stack.sandbox.ready.url, apiKey: stack.sandbox.ready.apiKey } as const;
  const floors: LibraryFloors = {
    memory: await startLibraryFloorProcess(root, { source: 'memory', page, answers: 'executed' }),
    getty: await startLibraryFloorProcess(root, { ...upstream, answers: 'executed' }),
    memoryShared: await startLibraryFloorProcess(root, { source: 'memory', page, answers: 'shared' }),
    gettyShared: await startLibraryFloorProcess(root, { ...upstream, answers: 'shared' }),
  };
  let runs: CellRun[];
  try {
    // (e) through the gateway in the same run, so the Getty-calling floor is read beside it.
    const scenarios = [...floorScenarios(context), ...libraryFloorScenarios(context, floors), matrixScenario('e', context)];
    // At 1 connection too: the cache hit's latency target is set against the floors' own latency.
    runs = await measureAll(stack, { scenarios, connections: connections === 1 ? [1] : [1, connections], rounds: options.rounds, timing: options });
  } finally {
    for (const floor of [floors.memory, floors.getty, floors.memoryShared, floors.gettyShared]) await floor.stop();
  }
  const cells = summarizeCells(runs);
  const clients: ClientFloor[] = [];
  for (const inFlight of [1, connections]) {
    process.stderr.write(`  client floor: ${inFlight} in flight, ${CLIENT_ROUNDS} rounds of ${CALLS_PER_ROUND} calls each\n`);
    clients.push(
      await measureClientFloor({
        root,
        sandbox: stack.sandbox.ready,
        headers: stack.directHeaders,
        authorization: stack.callers[0] ?? '',
        search: 'page_size=20',
        inFlight,
        callsPerRound: CALLS_PER_ROUND,
        rounds: CLIENT_ROUNDS,
      }),
    );
  }
  const figures = floorFigures(cells, clients);
  return { windows: runs.map((run) => run.window), result: { cells, clients, figures }, tables: floorTables(figures) };
}
