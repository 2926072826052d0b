/**
 * `npm run bench`: the sandbox and the gateway as separate processes on 127.0.0.1, loaded
 * with autocannon; prints Markdown tables and writes them as JSON under bench/out/ (ignored),
 * or with --save under bench/results/ (committed: the figures docs/performance.md shows).
 * Runs from dist/bench/ (the package script builds it), two levels below the repository root.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAb } from './ab-mode.js';
import { prepareBaseline } from './baseline-build.js';
import type { BaselineBuild } from './baseline-build.js';
import { buildContext, DISTINCT_TOKENS, sharedContext } from './contexts.js';
import { gatewayEntry, gatewayNodeFlags, REDIS_SETTINGS, SERVER_BUNDLE } from './gateway-process.js';
import { runFloors } from './floor-mode.js';
import { runGrowth } from './growth-mode.js';
import { describeMachine, machineLine } from './machine.js';
import { runMatrix } from './matrix-mode.js';
import { DISTINCT_TOKEN_CELLS, OWN_GATEWAY_CELLS } from './scenarios.js';
import type { ModeOutcome } from './mode-outcome.js';
import { parseOptions, USAGE, UsageError } from './options.js';
import type { BenchOptions } from './options.js';
import { writeProfileSummary } from './profile-output.js';
import { writePerformancePage } from './saved-results.js';
import { MAIN_GATEWAY, startStack } from './stack.js';

const RESULT_FILES: Record<BenchOptions['mode'], string> = { matrix: 'latest.json', growth: 'growth.json', floors: 'floors.json', ab: 'ab.json' };

const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');

async function main(): Promise<void> {
  const options = readOptions();
  if (!existsSync(join(ROOT, SERVER_BUNDLE))) throw new Error(`${SERVER_BUNDLE} is missing: run \`npm run build\` (npm run bench does).`);
  const machine = describeMachine();
  const baseline = options.baselineRef === undefined ? undefined : prepareBaseline(ROOT, options.baselineRef, (line) => process.stderr.write(`${line}\n`));
  const settings = describeSettings(options, baseline);
  process.stderr.write(`bench: ${settings}\nbench: ${machineLine(machine)}\n`);

  const startedAt = new Date().toISOString();
  const outDir = join(ROOT, 'bench', options.save ? 'results' : 'out');
  const cpuProfile = options.profile
    ? { dir: join(ROOT, 'bench', 'out', 'profiles'), name: `gateway-${options.mode}-${startedAt.replace(/[:.]/g, '-')}.cpuprofile` }
    : undefined;
  if (cpuProfile !== undefined) mkdirSync(cpuProfile.dir, { recursive: true });

  const stack = await startStack(ROOT, Math.max(...options.connections), cpuProfile, options.redis);
  let outcome: ModeOutcome<object>;
  try {
    // The floors' Getty-calling library floor sends (e)'s distinct tokens.
    const cells = options.mode === 'matrix' || options.mode === 'ab' ? options.cells : options.mode === 'floors' ? [...DISTINCT_TOKEN_CELLS] : [];
    const shared = await sharedContext(ROOT, stack, cells, options.serviceAccount);
    const context = await buildContext(stack, shared, { root: ROOT, label: MAIN_GATEWAY, gateway: stack.gateway }, cells);
    if (baseline !== undefined) {
      const baselineGateway = await stack.startGateway(baseline.root, false, 'baseline');
      const baselineContext = await buildContext(stack, shared, { root: baseline.root, label: 'baseline', gateway: baselineGateway }, cells);
      outcome = await runAb(stack, { A: baselineContext, B: context }, options, { baseline, candidate: describeTree() });
    } else {
      outcome =
        options.mode === 'growth'
          ? await runGrowth(stack, context, options)
          : options.mode === 'floors'
            ? await runFloors(ROOT, stack, context, options)
            : await runMatrix(stack, context, options);
    }
  } finally {
    await stack.stop();
  }

  const problems = stack.gateway.loggedProblems;
  const report = [
    `Gateway benchmark (${options.mode}), ${startedAt}`,
    `Settings: ${settings}`,
    `Machine: ${machineLine(machine)}`,
    '',
    outcome.tables,
    ...(problems.count === 0 ? [] : ['', `The gateway logged ${problems.count} warning/error line(s); the first:`, problems.first[0] ?? '']),
  ].join('\n');
  process.stdout.write(`\n${report}\n`);

  if (cpuProfile === undefined) {
    const file = join(outDir, RESULT_FILES[options.mode]);
    mkdirSync(outDir, { recursive: true });
    const json = { mode: options.mode, startedAt, settings: options, machine, ...outcome.result, gatewayLoggedProblems: problems };
    writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
    process.stdout.write(`\nWrote ${file.slice(ROOT.length + 1)}\n`);
    if (options.save) {
      writePerformancePage(ROOT);
      process.stdout.write('Wrote the figures in docs/performance.md from bench/results/\n');
    }
  } else {
    for (const [label, path] of stack.profiles) {
      const name = profileSummaryName(label, options);
      if (name === undefined) continue;
      const context = `The gateway (${label === MAIN_GATEWAY ? 'response cache off' : label}) under \`node --cpu-prof\` during \`npm run bench -- ${process.argv.slice(2).join(' ')}\` (${settings}), ${startedAt}.`;
      const markdown = writeProfileSummary(ROOT, outDir, path, outcome.windows, context, name);
      process.stdout.write(`\n${markdown}\nWrote ${join(outDir, name).slice(ROOT.length + 1)}.md and .json.\n`);
    }
    process.stdout.write('Results were not saved: profiling slows the gateway.\n');
  }
}

/**
 * A profiled gateway's summary is named for the cells it served (`profile-summary-be`; a cell's
 * gateway of its own `profile-summary-f`; an A/B baseline's `profile-summary-baseline-e`), so
 * profiles of different cells sit side by side; undefined when it served none. Growth and floors
 * runs are named for the mode.
 */
function profileSummaryName(label: string, options: BenchOptions): string | undefined {
  if (options.mode !== 'matrix' && options.mode !== 'ab') return `profile-summary-${options.mode}`;
  const own = [...OWN_GATEWAY_CELLS].find(([, gateway]) => label.endsWith(gateway.labelSuffix));
  const build = own === undefined ? label : label.slice(0, -own[1].labelSuffix.length);
  const served = options.cells.filter((cell) => (own === undefined ? cell !== 'a' && !OWN_GATEWAY_CELLS.has(cell) : cell === own[0]));
  return served.length === 0 ? undefined : `profile-summary-${build === MAIN_GATEWAY ? '' : `${build}-`}${served.join('')}`;
}

function readOptions(): BenchOptions {
  try {
    const options = parseOptions(process.argv.slice(2));
    if (options !== 'help') return options;
    process.stdout.write(`${USAGE}\n`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
  }
  process.exit();
}

function describeSettings(options: BenchOptions, baseline: BaselineBuild | undefined): string {
  const withCells = options.mode === 'matrix' || options.mode === 'ab';
  const cells = withCells ? `, cells ${options.cells.join(',')}` : '';
  const callers = options.serviceAccount ? 'gateway calls as its service account' : 'a bearer token per connection';
  const distinct = withCells && options.cells.includes('e') ? `, (e) cycles ${DISTINCT_TOKENS} granted tokens, one per request` : '';
  const own = withCells ? options.cells.filter((cell) => OWN_GATEWAY_CELLS.has(cell)).map((cell) => `(${cell})`) : [];
  const cache = `response cache off${own.includes('(f)') ? ' but for (f)' : ''}${own.length === 0 ? '' : `, ${own.join(' and ')} ${own.length === 1 ? 'on' : 'each on'} a gateway of its own`}`;
  const ab =
    baseline === undefined
      ? ''
      : `, A/B against ${baseline.ref} (${baseline.commit.slice(0, 12)}, dependencies by ${baseline.dependencies}, run as \`node ${gatewayNodeFlags(baseline.root).join(' ')} ${gatewayEntry(baseline.root)}\`)`;
  return `gateway as \`node ${gatewayNodeFlags(ROOT).join(' ')} ${gatewayEntry(ROOT)}\`, warm-up ${options.warmupSeconds} s, ${options.durationSeconds} s measured per cell, ${options.rounds} round(s), connections ${options.connections.join(',')}${cells}, ${callers}${distinct}, ${cache}, metrics on (admin listener), ${options.redis ? REDIS_SETTINGS : "Redis off, the key's budget and the per-client limit off"}${ab}${options.profile ? ', gateway under --cpu-prof' : ''}`;
}

/** This tree as git names it, `-dirty` when it has uncommitted changes. */
function describeTree(): string {
  try {
    return execFileSync('git', ['-C', ROOT, 'describe', '--always', '--dirty'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
