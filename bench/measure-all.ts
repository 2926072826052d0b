import { measureCell } from './measure-cell.js';
import type { CellRun, CellTiming } from './measure-cell.js';
import { summarizeLatencies } from './percentiles.js';
import { checkScenario } from './preflight.js';
import type { Scenario } from './scenarios.js';
import type { BenchStack } from './stack.js';

export interface Plan {
  scenarios: Scenario[];
  connections: number[];
  rounds: number;
  timing: CellTiming;
}

/**
 * Every scenario in order, then again for the next round, per connection count: direct and
 * gateway cells alternate, so a slow spell on a shared machine hits both rather than one.
 */
export async function measureAll(stack: BenchStack, plan: Plan): Promise<CellRun[]> {
  for (const scenario of plan.scenarios) await checkScenario(scenario);
  const runs: CellRun[] = [];
  const total = plan.connections.length * plan.rounds * plan.scenarios.length;
  for (const connections of plan.connections) {
    for (let round = 1; round <= plan.rounds; round += 1) {
      for (const scenario of plan.scenarios) {
        const run = await measureCell(stack, scenario, connections, plan.timing);
        runs.push(run);
        process.stderr.write(`  [${runs.length}/${total}] ${progressLine(run, round, plan.rounds)}\n`);
      }
    }
  }
  return runs;
}

function progressLine(run: CellRun, round: number, rounds: number): string {
  const rate = (run.load.okResponses / run.load.seconds).toFixed(0);
  const { p50Ms } = summarizeLatencies(run.load.latenciesMs);
  return `(${run.scenario.id}) at ${run.connections} conns, round ${round}/${rounds}: ${rate} req/s, p50 ${p50Ms.toFixed(3)} ms`;
}
