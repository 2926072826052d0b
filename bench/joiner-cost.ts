/**
 * `npm run bench:joiner`: issue #13's "a request coalesced onto a call in flight costs no more
 * than a cache hit", measured with the matrix's cells (e), (f) and (g) loaded in turn. In the
 * matrix each cell has its own window, a minute or more apart, and this machine's speed moves
 * within that; the joiner's figure is a difference of two cells' CPU, so that drift lands on it
 * whole. Here every round starts three new gateway processes on one sandbox and moves the load
 * from one to the next every few seconds, so all three share each moment of the machine. Writes
 * bench/out/joiner-cost.json, or with --save bench/results/joiner-cost.{json,md} and the
 * generated section of docs/performance.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { DISTINCT_TOKENS } from './contexts.js';
import { erroredBetween } from './errored-operations.js';
import { startGatewayProcess } from './gateway-process.js';
import type { GatewayProcess } from './gateway-process.js';
import { joinerCostReport, summarizeJoinerCost } from './joiner-cost-report.js';
import type { JoinerCostResult, JoinerCostRound, SliceTotals } from './joiner-cost-report.js';
import { beginInTurnRun } from './in-turn-run.js';
import type { InTurnOptions } from './in-turn-run.js';
import { runLoad } from './load.js';
import { settleUpstream } from './measure-cell.js';
import { checkScenario } from './preflight.js';
import { writePerformancePage } from './saved-results.js';
import { matrixScenario } from './scenarios.js';
import type { Scenario, ScenarioContext } from './scenarios.js';
import { loadSchema } from './selection.js';
import type { SandboxProcess } from './sandbox-process.js';
import { TokenCycle } from './token-cycle.js';
import { grantBearers } from './token-grants.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
const GRANTS_IN_FLIGHT = 16;

interface Options extends InTurnOptions {
  /** Every gateway on a redis-server of the run's, as deployed with several instances (the matrix's --redis). */
  redis: boolean;
}

type Role = keyof JoinerCostRound;
interface Cell {
  role: Role;
  gateway: GatewayProcess;
  scenario: Scenario;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const { machine, startedAt, plan, sandbox, redis } = await beginInTurnRun('bench:joiner', options);
  const running = new Set<GatewayProcess>();
  try {
    const callers = await grantBearers(sandbox.ready, options.connections);
    process.stderr.write(`bench:joiner: granting ${DISTINCT_TOKENS} tokens for (e)\n`);
    const distinctCallers = new TokenCycle(await grantBearers(sandbox.ready, DISTINCT_TOKENS, GRANTS_IN_FLIGHT));
    const schema = loadSchema(ROOT);
    const start = async (responseCache: boolean): Promise<GatewayProcess> => {
      const gateway = await startGatewayProcess({
        root: ROOT,
        sandbox: sandbox.ready,
        responseCache,
        cpuProfile: undefined,
        ...(plan === undefined ? {} : { cpus: plan.gateway }),
        ...(redis === undefined ? {} : { redisUrl: redis.url }),
      });
      running.add(gateway);
      return gateway;
    };
    const startCells = async (): Promise<Cell[]> => {
      const [caller, hit, coalesced] = [await start(false), await start(true), await start(false)];
      const context: ScenarioContext = {
        schema,
        sandboxUrl: sandbox.ready.url,
        gateway: caller,
        ownGateways: new Map([
          ['f', hit],
          ['g', coalesced],
        ]),
        directHeaders: {},
        directCallers: callers,
        gatewayCallers: callers,
        distinctCallers,
        cursors: [],
      };
      const cells: Cell[] = [
        { role: 'caller', gateway: caller, scenario: matrixScenario('e', context) },
        { role: 'hit', gateway: hit, scenario: matrixScenario('f', context) },
        { role: 'coalesced', gateway: coalesced, scenario: matrixScenario('g', context) },
      ];
      for (const cell of cells) await checkScenario(cell.scenario);
      return cells;
    };
    const rounds: JoinerCostRound[] = [];
    for (let round = 0; round < options.rounds; round += 1) {
      const started = await startCells();
      // Whoever goes first rotates by round, so no cell always follows the same one.
      const cells = [...started.slice(round % 3), ...started.slice(0, round % 3)];
      await inTurn(sandbox, cells, options, options.warmupSeconds);
      const totals = await inTurn(sandbox, cells, options, options.durationSeconds);
      const measured = { caller: totals.get('caller'), hit: totals.get('hit'), coalesced: totals.get('coalesced') };
      if (measured.caller === undefined || measured.hit === undefined || measured.coalesced === undefined) throw new Error('a round did not measure all three cells');
      rounds.push({ caller: measured.caller, hit: measured.hit, coalesced: measured.coalesced });
      process.stderr.write(
        `  round ${round + 1}: ${cells.map((cell) => `${cell.scenario.id} ${(totals.get(cell.role)!.cpuMs / totals.get(cell.role)!.requests).toFixed(3)} ms`).join(', ')}\n`,
      );
      for (const { gateway } of cells) {
        running.delete(gateway);
        await gateway.stop();
      }
    }
    const result: JoinerCostResult = {
      mode: 'joiner-cost',
      startedAt,
      settings: {
        rounds: options.rounds,
        durationSeconds: options.durationSeconds,
        sliceSeconds: options.sliceSeconds,
        warmupSeconds: options.warmupSeconds,
        connections: options.connections,
        redis: options.redis,
      },
      machine,
      pinning: plan === undefined ? undefined : { gatewayCpus: plan.gateway, otherCpus: plan.others },
      rounds,
      summary: summarizeJoinerCost(rounds),
    };
    const report = joinerCostReport(result);
    process.stdout.write(`\n${report}\n`);
    const dir = join(ROOT, 'bench', options.save ? 'results' : 'out');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'joiner-cost.json'), `${JSON.stringify(result, null, 2)}\n`);
    if (options.save) {
      writeFileSync(join(dir, 'joiner-cost.md'), `${report}\n`);
      writePerformancePage(ROOT);
    }
    process.stderr.write(`bench:joiner: wrote ${join(dir, 'joiner-cost.json')}\n`);
  } finally {
    for (const gateway of running) await gateway.stop();
    await sandbox.stop();
    await redis?.stop();
  }
}

/** Loads the cells in turn, a slice each, for `seconds` each; returns what each served and cost over its own slices. */
async function inTurn(sandbox: SandboxProcess, cells: ReadonlyArray<Cell>, options: Options, seconds: number): Promise<Map<Role, SliceTotals>> {
  const totals = new Map<Role, SliceTotals>(cells.map((cell) => [cell.role, { requests: 0, cpuMs: 0, upstreamCalls: 0, sandboxCpuMs: 0, loadCpuMs: 0 }]));
  const slices = cells.length * Math.max(1, Math.round(seconds / options.sliceSeconds));
  for (let slice = 0; slice < slices; slice += 1) {
    const cell = cells[slice % cells.length]!;
    const erroredBefore = (await cell.gateway.metricsReading())?.erroredOperations;
    const callsBefore = (await sandbox.counts()).downloads;
    const sandboxBefore = sandbox.cpuMs();
    const loadBefore = process.cpuUsage();
    const before = cell.gateway.usage().cpuMs;
    const load = await runLoad(cell.scenario, options.connections, options.sliceSeconds);
    // Requests still inside the gateway when the load stops run to the end; their CPU and calls count for the slice.
    await settleUpstream(sandbox);
    const total = totals.get(cell.role)!;
    total.cpuMs += cell.gateway.usage().cpuMs - before;
    const loadUsed = process.cpuUsage(loadBefore);
    total.loadCpuMs += (loadUsed.user + loadUsed.system) / 1000;
    total.sandboxCpuMs += sandbox.cpuMs() - sandboxBefore;
    total.upstreamCalls += (await sandbox.counts()).downloads - callsBefore;
    total.requests += load.okResponses;
    const erroredAfter = (await cell.gateway.metricsReading())?.erroredOperations;
    if (erroredBefore === undefined || erroredAfter === undefined) throw new Error(`cell ${cell.scenario.id}: its gateway reports no operation outcomes`);
    const errored = [...erroredBetween(erroredBefore, erroredAfter)].map(([outcome, count]) => `${count} ${outcome}`);
    if (load.otherStatuses > 0 || load.errors > 0 || errored.length > 0)
      throw new Error(
        `cell ${cell.scenario.id}: ${load.otherStatuses} non-200 answers, ${load.errors} errors, operations answered with errors: ${errored.join(', ') || 'none'}`,
      );
  }
  return totals;
}

const USAGE = `npm run bench:joiner -- [--rounds N] [--duration S] [--slice S] [--warmup S] [--connections C] [--pin] [--redis] [--save]
  --rounds       rounds, each with three new gateway processes ((e), (f), (g)), the load moving between them (default 6)
  --duration     seconds of load per cell per round (default 10)
  --slice        seconds of load on one cell before it moves to the next, the first rotating by round (default 2)
  --warmup       seconds of load per cell before each round's measurement, in the same slices (default 20)
  --connections  connections, a closed loop as in the matrix (default 10)
  --pin          the gateways alone on the last CPU, the sandbox and the load on the others (taskset); the matrix does not pin
  --redis        every gateway on a redis-server the run starts (Debian's), as deployed with several instances:
                 shared state on Redis, the key's budget and the per-client limit on at caps the load cannot reach
  --save         write bench/results/joiner-cost.{json,md} (published) instead of bench/out/`;

function parseOptions(args: string[]): Options {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      rounds: { type: 'string', default: '6' },
      duration: { type: 'string', default: '10' },
      slice: { type: 'string', default: '2' },
      warmup: { type: 'string', default: '20' },
      connections: { type: 'string', default: '10' },
      pin: { type: 'boolean', default: false },
      redis: { type: 'boolean', default: false },
      save: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const whole = (flag: string, value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--${flag} needs a whole number of at least 1\n${USAGE}`);
    return parsed;
  };
  return {
    rounds: whole('rounds', values.rounds),
    durationSeconds: whole('duration', values.duration),
    sliceSeconds: whole('slice', values.slice),
    warmupSeconds: whole('warmup', values.warmup),
    connections: whole('connections', values.connections),
    pin: values.pin,
    redis: values.redis,
    save: values.save,
  };
}

await main();
