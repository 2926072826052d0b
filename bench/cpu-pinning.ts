import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** Which CPUs (taskset lists) the measured gateways and everything else run on. */
export interface CpuPlan {
  gateway: string;
  others: string;
}

/**
 * The measured gateways alone on the last CPU, the sandbox and the load generator on the rest,
 * so that their work neither takes the gateway's core nor lands in its CPU time through shared
 * caches and context switches. Undefined on one CPU, or without util-linux's `taskset`.
 */
export function cpuPlan(): CpuPlan | undefined {
  const cpus = availableParallelism();
  if (cpus < 2 || !hasTaskset()) return undefined;
  return { gateway: String(cpus - 1), others: cpus === 2 ? '0' : `0-${cpus - 2}` };
}

/** The command that runs `command args` on `cpus` (or unpinned). taskset execs the command: the pid is the command's. */
export function pinned(cpus: string | undefined, command: string, args: string[]): [string, string[]] {
  return cpus === undefined ? [command, args] : ['taskset', ['-c', cpus, command, ...args]];
}

/** Moves this process (every thread) onto `cpus`. */
export function pinThisProcess(cpus: string): void {
  execFileSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' });
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
