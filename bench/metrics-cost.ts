/**
 * `npm run bench:metrics`: what the Prometheus metrics cost per request. Gateway processes
 * against one sandbox process, the same load on each in turn: one with metrics (the admin
 * listener on, as deployed) and one with ADMIN_PORT=-1 (no metrics code on the hot path).
 * Every round starts a new pair, so one process's luck does not weigh on one side, and within a
 * round the load moves between the two every few seconds, so a machine that gets busier or
 * quieter (a neighbour on the host) weighs on both alike; the gateways have a CPU of their own
 * where the machine allows. Writes
 * bench/out/metrics-cost.json, or with --save bench/results/metrics-cost.{json,md}, which
 * docs/performance.md links to. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { startGatewayProcess, startPairedGatewayProcess } from './gateway-process.js';
import type { GatewayProcess } from './gateway-process.js';
import { runLoad } from './load.js';
import { runPacedLoad } from './paced-load.js';
import { beginInTurnRun } from './in-turn-run.js';
import type { InTurnOptions } from './in-turn-run.js';
import { recordingMicrosPerRequest } from './metrics-recording.js';
import { metricsCostReport, summarizeMetricsCost } from './metrics-cost-report.js';
import type { MetricsCostRound } from './metrics-cost-report.js';
import { checkScenario } from './preflight.js';
import { matrixScenario } from './scenarios.js';
import type { Scenario } from './scenarios.js';
import { loadSchema } from './selection.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');

interface Options extends InTurnOptions {
  /** Requests a second, the same for both gateways. */
  rate: number;
  /** A closed loop instead: each connection sends its next request as soon as the last is answered. */
  saturate: boolean;
  /** Both gateways without metrics: an A/A run, showing how far apart two identical processes measure here. */
  control: boolean;
  /** Both gateways under `node --cpu-prof`, profiles in bench/out/profiles/ (figures then not saved). */
  profile: boolean;
  /** Both gateways in one process, the load alternating between them (bench/paired-gateways-server.ts). */
  sameProcess: boolean;
}

/** Requests still inside a gateway when a slice's load stops finish within this; their CPU counts for the slice. */
const DRAIN_MS = 100;

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const { machine, startedAt, plan, sandbox } = await beginInTurnRun('bench:metrics', options);
  const running = new Set<GatewayProcess>();
  try {
    const profileDir = join(ROOT, 'bench', 'out', 'profiles');
    if (options.profile) mkdirSync(profileDir, { recursive: true });
    const start = async (name: string, metrics: boolean): Promise<GatewayProcess> => {
      const cpuProfile = options.profile ? { dir: profileDir, name: `${name}-${startedAt.replace(/[:.]/g, '-')}.cpuprofile` } : undefined;
      const gateway = await startGatewayProcess({
        root: ROOT,
        sandbox: sandbox.ready,
        responseCache: false,
        metrics,
        cpuProfile,
        ...(plan === undefined ? {} : { cpus: plan.gateway }),
      });
      running.add(gateway);
      return gateway;
    };
    const startPair = async (name: string) => {
      const cpuProfile = options.profile ? { dir: profileDir, name: `${name}-${startedAt.replace(/[:.]/g, '-')}.cpuprofile` } : undefined;
      const pair = await startPairedGatewayProcess({
        root: ROOT,
        sandbox: sandbox.ready,
        metrics: !options.control,
        cpuProfile,
        ...(plan === undefined ? {} : { cpus: plan.gateway }),
      });
      running.add(pair.on).add(pair.off);
      return pair;
    };
    const scenarioFor = (gateway: GatewayProcess): Scenario =>
      matrixScenario('b', {
        schema: loadSchema(ROOT),
        sandboxUrl: sandbox.ready.url,
        gateway,
        ownGateways: new Map(),
        directHeaders: {},
        directCallers: [],
        // As the service account: no Authorization header.
        gatewayCallers: [],
        distinctCallers: undefined,
        cursors: [],
      });
    type Variant = { metrics: boolean; gateway: GatewayProcess; scenario: Scenario };
    const checked = async (metrics: boolean, gateway: GatewayProcess): Promise<Variant> => {
      const scenario = scenarioFor(gateway);
      await checkScenario(scenario);
      return { metrics, gateway, scenario };
    };
    /** Loads the two in turn, a slice each, for `seconds` each; returns each one's requests and CPU over its own slices. */
    const inTurn = async (variants: ReadonlyArray<Variant>, seconds: number, round: number) => {
      const totals = new Map(variants.map((variant) => [variant, { requests: 0, cpuMs: 0 }]));
      for (let slice = 0; slice < 2 * slicesPerGateway(seconds, options.sliceSeconds); slice += 1) {
        const variant = variants[slice % 2]!;
        const before = variant.gateway.usage().cpuMs;
        const load = options.saturate
          ? await runLoad(variant.scenario, options.connections, options.sliceSeconds)
          : await runPacedLoad(variant.scenario, options.connections, options.rate, options.sliceSeconds);
        await sleep(DRAIN_MS);
        const total = totals.get(variant)!;
        total.cpuMs += variant.gateway.usage().cpuMs - before;
        total.requests += load.okResponses;
        if (load.otherStatuses > 0 || load.errors > 0) throw new Error(`round ${round + 1}: ${load.otherStatuses} non-200 answers, ${load.errors} errors`);
      }
      return totals;
    };
    // Two processes: a new pair every round, since two processes of one build differ by several
    // percent for reasons of their own (heap layout, what the JIT chose), which one pair kept for
    // the whole run would turn into a bias of the same size. One process: those are shared, so
    // one pair serves every round, and rounds can be short and many.
    // Both warm up in turn, as they are then measured: warmed one after the other, the first
    // would sit idle through the second's warm-up, and a process that has idled for some seconds
    // runs slower for a while once loaded again (an A/A run warmed that way put its first
    // process far behind; docs/performance.md).
    let kept: Variant[] | undefined;
    const variantsFor = async (round: number): Promise<Variant[]> => {
      if (options.sameProcess && kept !== undefined) return kept;
      const started = options.sameProcess
        ? await startPair('paired').then(async (pair) => [await checked(true, pair.on), await checked(false, pair.off)])
        : [
            await checked(true, await start(`metrics-on-round-${round + 1}`, !options.control)),
            await checked(false, await start(`metrics-off-round-${round + 1}`, false)),
          ];
      await inTurn(round % 2 === 0 ? started : [...started].reverse(), options.warmupSeconds, round);
      if (options.sameProcess) kept = started;
      return started;
    };
    const rounds: MetricsCostRound[] = [];
    let scenarioLabel = '';
    for (let round = 0; round < options.rounds; round += 1) {
      const pair = await variantsFor(round);
      const variants = round % 2 === 0 ? pair : [...pair].reverse();
      scenarioLabel = variants[0]!.scenario.label;
      // Each gateway's CPU counts over its own slices only: what a loaded process pays.
      const totals = await inTurn(variants, options.durationSeconds, round);
      const measured: Partial<MetricsCostRound> = {};
      for (const variant of variants) {
        const { requests, cpuMs } = totals.get(variant)!;
        const figures = { requests, cpuMs, cpuMsPerRequest: cpuMs / requests };
        if (variant.metrics) measured.on = figures;
        else measured.off = figures;
        process.stderr.write(
          `  round ${round + 1}, metrics ${variant.metrics ? 'on ' : 'off'}: ${figures.requests} requests, ${figures.cpuMsPerRequest.toFixed(3)} ms CPU each\n`,
        );
      }
      if (!options.sameProcess) {
        for (const { gateway } of variants) {
          running.delete(gateway);
          await gateway.stop();
        }
      }
      if (measured.on === undefined || measured.off === undefined) throw new Error('a round did not measure both gateways');
      rounds.push({ on: measured.on, off: measured.off });
    }
    const summary = summarizeMetricsCost(rounds);
    const recordingMicros = await recordingMicrosPerRequest();
    const result = {
      mode: `metrics-cost${options.sameProcess ? '-same-process' : ''}${options.saturate ? '-saturated' : ''}${options.control ? '-control' : ''}`,
      startedAt,
      settings: options,
      machine,
      scenario: scenarioLabel,
      pinning: plan === undefined ? undefined : { gatewayCpus: plan.gateway, otherCpus: plan.others },
      rounds,
      summary,
      recordingMicros,
    };
    const report = metricsCostReport(result);
    process.stdout.write(`\n${report}\n`);
    const dir = join(ROOT, 'bench', options.save && !options.profile ? 'results' : 'out');
    mkdirSync(dir, { recursive: true });
    const name = result.mode;
    writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
    if (options.save && !options.profile) writeFileSync(join(dir, `${name}.md`), `${report}\n`);
    process.stderr.write(`bench:metrics: wrote ${join(dir, `${name}.json`)}\n`);
  } finally {
    for (const gateway of running) await gateway.stop();
    await sandbox.stop();
  }
}

/** Slices of load each gateway gets over `seconds`; at least one. */
function slicesPerGateway(seconds: number, sliceSeconds: number): number {
  return Math.max(1, Math.round(seconds / sliceSeconds));
}

const USAGE = `npm run bench:metrics -- [--rounds N] [--duration S] [--slice S] [--warmup S] [--connections C] [--save]
  --rounds       rounds, each with a new pair of gateway processes, the load moving between them (default 8)
  --duration     seconds of load per gateway per round (default 8)
  --slice        seconds of load on one gateway before it moves to the other, the first one alternating by round (default 2)
  --warmup       seconds of load per gateway before each round's measurement, in the same slices (default 20)
  --connections  connections the load is spread over (default 10)
  --rate         requests a second sent to each gateway (default 100), evenly spaced: the same requests at the same instants for both
  --saturate     a closed loop instead of --rate: each connection sends its next request as soon as the last is answered,
                 so each gateway runs flat out and a request's CPU is the bench's (b) cell's
  --control      both gateways without metrics (A/A): the spread two identical processes show on this machine
  --profile      both gateways under node --cpu-prof (bench/out/profiles/); nothing saved, since profiling slows them
  --no-pin       let every process run on any CPU (by default the gateways have the last CPU to themselves, via taskset)
  --same-process both gateways in one process (one heap, one JIT), the load alternating between them: what
                 recording the metrics costs a request, without two processes' differences; costs a process
                 pays per second whatever its load (prom-client's monitors) fall on both alike
  --save         write bench/results/metrics-cost.{json,md} (published) instead of bench/out/`;

function parseOptions(args: string[]): Options {
  const options: Options = {
    rounds: 8,
    durationSeconds: 8,
    sliceSeconds: 2,
    // A gateway's CPU per request still falls for some seconds after a short warm-up (the JIT).
    warmupSeconds: 20,
    connections: 10,
    rate: 100,
    saturate: false,
    control: false,
    profile: false,
    pin: true,
    sameProcess: false,
    save: false,
  };
  const number = (flag: string, value: string | undefined): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${flag} needs a whole number of at least 1\n${USAGE}`);
    return parsed;
  };
  for (let index = 0; index < args.length; index += 1) {
    const flag = args[index];
    if (flag === '--save') options.save = true;
    else if (flag === '--control') options.control = true;
    else if (flag === '--saturate') options.saturate = true;
    else if (flag === '--profile') options.profile = true;
    else if (flag === '--no-pin') options.pin = false;
    else if (flag === '--same-process') options.sameProcess = true;
    else if (flag === '--rounds') options.rounds = number(flag, args[++index]);
    else if (flag === '--duration') options.durationSeconds = number(flag, args[++index]);
    else if (flag === '--slice') options.sliceSeconds = number(flag, args[++index]);
    else if (flag === '--warmup') options.warmupSeconds = number(flag, args[++index]);
    else if (flag === '--connections') options.connections = number(flag, args[++index]);
    else if (flag === '--rate') options.rate = number(flag, args[++index]);
    else throw new Error(`unknown flag ${String(flag)}\n${USAGE}`);
  }
  return options;
}

await main();
