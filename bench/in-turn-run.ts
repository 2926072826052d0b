import { cpuPlan, pinThisProcess } from './cpu-pinning.js';
import type { CpuPlan } from './cpu-pinning.js';
import { describeMachine, machineLine } from './machine.js';
import type { MachineInfo } from './machine.js';
import { startRedisServer } from './redis-server.js';
import type { RedisServer } from './redis-server.js';
import { startSandboxProcess } from './sandbox-process.js';
import type { SandboxProcess } from './sandbox-process.js';

/** The settings every run that loads gateway processes in turn takes. */
export interface InTurnOptions {
  /** Rounds, each with new gateway processes. */
  rounds: number;
  /** Seconds of measured load per gateway per round. */
  durationSeconds: number;
  /** The load moves from one gateway to the next after this many seconds. */
  sliceSeconds: number;
  /** Seconds of load per gateway before each round's measurement, in the same slices. */
  warmupSeconds: number;
  connections: number;
  /** The gateways alone on the last CPU, the sandbox and the load on the others (taskset). */
  pin: boolean;
  /** Published to bench/results/ instead of bench/out/. */
  save: boolean;
}

/** What a run that loads gateway processes in turn starts from. */
export interface InTurnRun {
  machine: MachineInfo;
  startedAt: string;
  /** Where the gateways and everything else run; undefined when not pinned. */
  plan: CpuPlan | undefined;
  sandbox: SandboxProcess;
  /** The redis-server every gateway keeps its state on, when the run is as deployed with several instances. */
  redis: RedisServer | undefined;
}

/**
 * Says what the run is and where, then starts its sandbox, and with `redis` a redis-server (the
 * caller stops both). With `pin`, where the machine allows, the sandbox and this process (the
 * load) go on the CPUs the plan leaves to all but the gateways.
 */
export async function beginInTurnRun(name: string, options: { pin: boolean; redis?: boolean }): Promise<InTurnRun> {
  const machine = describeMachine();
  const startedAt = new Date().toISOString();
  process.stderr.write(`${name}: ${JSON.stringify(options)}\n${name}: ${machineLine(machine)}\n`);
  const plan = options.pin ? cpuPlan() : undefined;
  if (plan !== undefined) pinThisProcess(plan.others);
  const redis = options.redis === true ? await startRedisServer() : undefined;
  try {
    return { machine, startedAt, plan, sandbox: await startSandboxProcess(plan?.others), redis };
  } catch (error) {
    await redis?.stop();
    throw error;
  }
}
