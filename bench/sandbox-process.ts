import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { pinned } from './cpu-pinning.js';
import { LineReader } from './line-reader.js';
import { readProcessUsage } from './proc-usage.js';
import type { SandboxCounts, SandboxReady } from './sandbox-protocol.js';
import { STATS_COMMAND } from './sandbox-protocol.js';
import { waitForExit } from './wait-for-exit.js';

/** The sandbox upstream, running as bench/sandbox-server.ts in a process of its own. */
export interface SandboxProcess {
  readonly ready: SandboxReady;
  counts(): Promise<SandboxCounts>;
  /** Its CPU time so far, all threads (/proc), in milliseconds. */
  cpuMs(): number;
  stop(): Promise<void>;
}

const SERVER = fileURLToPath(new URL('./sandbox-server.js', import.meta.url));

/** `cpus`: the CPUs (a taskset list) it may run on; any, when undefined. */
export async function startSandboxProcess(cpus?: string): Promise<SandboxProcess> {
  const [command, args] = pinned(cpus, process.execPath, [SERVER]);
  const child: ChildProcessByStdio<Writable, Readable, null> = spawn(command, args, {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = new LineReader(child.stdout, 'sandbox');
  const ready = parseLine<SandboxReady>(await lines.next(), 'url');
  // Answers come back in the order asked; chaining the questions keeps each answer with its own.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    ready,
    counts: () => {
      const answer = queue.then(async () => {
        child.stdin.write(`${STATS_COMMAND}\n`);
        return parseLine<SandboxCounts>(await lines.next(), 'downloads');
      });
      queue = answer.catch(() => undefined);
      return answer;
    },
    cpuMs: () => readProcessUsage(child.pid ?? 0).cpuMs,
    stop: async () => {
      child.stdin.end();
      await waitForExit(child, 'sandbox');
    },
  };
}

function parseLine<T extends object>(line: string, requiredKey: string): T {
  const value: unknown = JSON.parse(line);
  if (typeof value !== 'object' || value === null || !(requiredKey in value)) {
    throw new Error(`unexpected line from the sandbox process: ${line.slice(0, 200)}`);
  }
  return value as T;
}
