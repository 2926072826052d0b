import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSavedRun, resultsSection, SAVED_FILES, withResultsSection } from './results-section.js';
import type { SavedFloors, SavedGrowth, SavedJoinerCost, SavedMatrix, SavedResults } from './results-section.js';

/** Reads bench/results/*.json under `root`, refusing a file that is not what the bench saves. */
export function readSavedResults(root: string): SavedResults {
  const read = (file: string): unknown => JSON.parse(readFileSync(join(root, file), 'utf8'));
  const matrix = read(SAVED_FILES.matrix);
  const growth = read(SAVED_FILES.growth);
  const floors = read(SAVED_FILES.floors);
  const joinerCost = read(SAVED_FILES.joinerCost);
  if (!isMatrix(matrix)) throw new Error(`${SAVED_FILES.matrix} is not a saved matrix run`);
  if (!isGrowth(growth)) throw new Error(`${SAVED_FILES.growth} is not a saved growth run`);
  if (!isFloors(floors)) throw new Error(`${SAVED_FILES.floors} is not a saved floors run`);
  if (!isJoinerCost(joinerCost)) throw new Error(`${SAVED_FILES.joinerCost} is not a saved joiner-cost run`);
  return { matrix, growth, floors, joinerCost };
}

const isMatrix = (value: unknown): value is SavedMatrix => isSavedRun(value, 'matrix', ['cells', 'targets']);
const isGrowth = (value: unknown): value is SavedGrowth => isSavedRun(value, 'growth', ['cells', 'series']);
const isFloors = (value: unknown): value is SavedFloors => isSavedRun(value, 'floors', ['cells', 'clients']);
const isJoinerCost = (value: unknown): value is SavedJoinerCost => isSavedRun(value, 'joiner-cost', ['rounds', 'summary']);

/** Rewrites the generated section of docs/performance.md from the saved results. */
export function writePerformancePage(root: string): void {
  const page = join(root, 'docs', 'performance.md');
  writeFileSync(page, withResultsSection(readFileSync(page, 'utf8'), resultsSection(readSavedResults(root))));
}
