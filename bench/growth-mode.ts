import { summarizeCells } from './aggregate.js';
import type { CellSummary } from './aggregate.js';
import { growthSeries, growthTables } from './growth-report.js';
import type { GrowthSeries } from './growth-report.js';
import { measureAll } from './measure-all.js';
import type { BenchOptions } from './options.js';
import { growthScenarios } from './scenarios.js';
import type { ScenarioContext } from './scenarios.js';
import type { ModeOutcome } from './mode-outcome.js';
import type { BenchStack } from './stack.js';

export interface GrowthResult {
  cells: CellSummary[];
  series: GrowthSeries[];
}

/** Page sizes 1-100 and 1-10 aliases: CPU per request should grow linearly, token lookups not at all. */
export async function runGrowth(stack: BenchStack, context: ScenarioContext, options: BenchOptions): Promise<ModeOutcome<GrowthResult>> {
  const runs = await measureAll(stack, {
    scenarios: growthScenarios(context),
    connections: options.connections,
    rounds: options.rounds,
    timing: options,
  });
  const cells = summarizeCells(runs);
  const series = growthSeries(cells);
  return { windows: runs.map((run) => run.window), result: { cells, series }, tables: growthTables(cells, series) };
}
