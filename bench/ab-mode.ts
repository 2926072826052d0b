import { abSample, abTables, compareBuilds } from './ab-report.js';
import type { AbBuild, AbComparison, AbSample } from './ab-report.js';
import type { BaselineBuild } from './baseline-build.js';
import { measureCell } from './measure-cell.js';
import type { CellRun } from './measure-cell.js';
import type { ModeOutcome } from './mode-outcome.js';
import type { BenchOptions } from './options.js';
import { checkScenario } from './preflight.js';
import { matrixScenario } from './scenarios.js';
import type { Scenario, ScenarioContext } from './scenarios.js';
import type { BenchStack } from './stack.js';

export interface AbResult {
  baseline: Omit<BaselineBuild, 'root'>;
  /** This tree, as `git describe --always --dirty` names it. */
  candidate: string;
  comparisons: AbComparison[];
  samples: AbSample[];
}

/**
 * Per connection count and round: the direct cell (when chosen), then each gateway cell
 * served by A and by B back to back, A first in odd rounds and B first in even ones, so
 * neither build always runs in the other's wake. Medians over the rounds, and per round
 * which build did better, are what the report compares.
 */
export async function runAb(
  stack: BenchStack,
  contexts: Record<AbBuild, ScenarioContext>,
  options: BenchOptions,
  builds: { baseline: BaselineBuild; candidate: string },
): Promise<ModeOutcome<AbResult>> {
  const direct = options.cells.includes('a') ? matrixScenario('a', contexts.A) : undefined;
  const cells = options.cells.filter((cell) => cell !== 'a');
  const scenarios = { A: cells.map((cell) => matrixScenario(cell, contexts.A)), B: cells.map((cell) => matrixScenario(cell, contexts.B)) };
  for (const scenario of [...(direct === undefined ? [] : [direct]), ...scenarios.A, ...scenarios.B]) await checkScenario(scenario);

  const samples: AbSample[] = [];
  const windows: CellRun['window'][] = [];
  const total = options.connections.length * options.rounds * ((direct === undefined ? 0 : 1) + 2 * cells.length);
  const measure = async (scenario: Scenario, connections: number) => {
    const run = await measureCell(stack, scenario, connections, options);
    windows.push(run.window);
    return run;
  };
  for (const connections of options.connections) {
    for (let round = 1; round <= options.rounds; round += 1) {
      const directSample = direct === undefined ? undefined : abSample(await measure(direct, connections), undefined, round, undefined);
      if (directSample !== undefined) progress(samples.push(directSample), total, directSample);
      const order: AbBuild[] = round % 2 === 1 ? ['A', 'B'] : ['B', 'A'];
      for (let index = 0; index < cells.length; index += 1) {
        for (const build of order) {
          const scenario = scenarios[build][index] as Scenario;
          const sample = abSample(await measure(scenario, connections), build, round, directSample);
          progress(samples.push(sample), total, sample);
        }
      }
    }
  }
  const comparisons = compareBuilds(samples);
  const baseline = { ref: builds.baseline.ref, commit: builds.baseline.commit, dependencies: builds.baseline.dependencies };
  const heading = `A = ${baseline.ref} (${baseline.commit.slice(0, 12)}), B = this tree (${builds.candidate}); medians of ${options.rounds} rounds, A and B alternating within each round.`;
  return { windows, result: { baseline, candidate: builds.candidate, comparisons, samples }, tables: `${heading}\n\n${abTables(comparisons, samples)}` };
}

function progress(done: number, total: number, sample: AbSample): void {
  const who = sample.build ?? 'direct';
  process.stderr.write(
    `  [${done}/${total}] ${who} (${sample.cell}) at ${sample.connections} conns, round ${sample.round}: ${sample.reqPerSec.toFixed(0)} req/s, p50 ${sample.p50Ms.toFixed(3)} ms${Number.isNaN(sample.cpuMsPerRequest) ? '' : `, ${sample.cpuMsPerRequest.toFixed(3)} CPU ms/req`}\n`,
  );
}
