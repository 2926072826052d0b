import { summarizeCells } from './aggregate.js';
import type { CellSummary } from './aggregate.js';
import { matrixTables } from './matrix-report.js';
import { measureAll } from './measure-all.js';
import type { BenchOptions } from './options.js';
import { matrixScenario } from './scenarios.js';
import type { ScenarioContext } from './scenarios.js';
import type { ModeOutcome } from './mode-outcome.js';
import type { BenchStack } from './stack.js';
import { checkRoundTwoTargets } from './targets-round-two.js';
import { checkTargets } from './targets.js';
import type { TargetCheck } from './targets.js';

export interface MatrixResult {
  cells: CellSummary[];
  targets: TargetCheck[];
  /** Issue #13's targets on cells (e)-(g); absent from results saved before they existed. */
  roundTwoTargets?: TargetCheck[];
}

/** Cells (a)-(g) at each connection count, and the targets judged on them. */
export async function runMatrix(stack: BenchStack, context: ScenarioContext, options: BenchOptions): Promise<ModeOutcome<MatrixResult>> {
  const runs = await measureAll(stack, {
    scenarios: options.cells.map((cell) => matrixScenario(cell, context)),
    connections: options.connections,
    rounds: options.rounds,
    timing: options,
  });
  const cells = summarizeCells(runs);
  const targets = checkTargets(cells);
  const roundTwoTargets = checkRoundTwoTargets(cells, { redis: options.redis });
  return {
    windows: runs.map((run) => run.window),
    result: { cells, targets, roundTwoTargets },
    tables: matrixTables(cells, targets, roundTwoTargets),
  };
}
