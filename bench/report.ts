/**
 * `npm run bench:report`: renders the committed results (bench/results/*.json) into the
 * generated section of docs/performance.md. `npm run bench -- --save` does it after saving.
 * Runs from dist/bench/ (the package script builds it), two levels below the repository root.
 */
import { fileURLToPath } from 'node:url';
import { writePerformancePage } from './saved-results.js';

writePerformancePage(fileURLToPath(new URL('../../', import.meta.url)));
process.stdout.write('Wrote the figures in docs/performance.md from bench/results/\n');
