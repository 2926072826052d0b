import { summarizeCells } from './aggregate.js';
import type { CellSummary } from './aggregate.js';
import { measureClientFloor } from './client-floor.js';
import type { ClientFloor } from './client-floor.js';
import { floorFigures, floorTables } from './floor-report.js';
import type { FloorFigures } from './floor-report.js';
import { measureAll } from './measure-all.js';
import type { ModeOutcome } from './mode-outcome.js';
import type { BenchOptions } from './options.js';
import { floorScenarios } from './scenarios.js';
import type { ScenarioContext } from './scenarios.js';
import type { BenchStack } from './stack.js';

export interface FloorResult {
  cells: CellSummary[];
  clients: ClientFloor[];
  figures: FloorFigures;
}

const CALLS_PER_ROUND = 2_000;
const CLIENT_ROUNDS = 5;

/** What fastify + Apollo cost alone, and what one got call costs, against the limit. */
export async function runFloors(root: string, stack: BenchStack, context: ScenarioContext, options: BenchOptions): Promise<ModeOutcome<FloorResult>> {
  const connections = Math.max(...options.connections);
  const runs = await measureAll(stack, { scenarios: floorScenarios(context), connections: [connections], rounds: options.rounds, timing: options });
  const cells = summarizeCells(runs);
  const [direct, pipeline] = cells;
  if (direct === undefined || pipeline === undefined) throw new Error('the floor cells did not run');
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
  const figures = floorFigures(direct, pipeline, clients);
  return { windows: runs.map((run) => run.window), result: { cells, clients, figures }, tables: floorTables(figures) };
}
