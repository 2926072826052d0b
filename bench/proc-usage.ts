import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';

/** CPU time and resident memory of another process, read from Linux's /proc. */
export interface ProcessUsage {
  /** CPU time of its threads since they started, to the nanosecond where Linux keeps schedstat. */
  cpuMs: number;
  rssMb: number;
}

const clockTicksPerSecond = readClockTicks();

export function readProcessUsage(pid: number): ProcessUsage {
  return { cpuMs: readCpuMs(pid), rssMb: readRssMb(pid) };
}

/**
 * The sum of the process's threads' time on a CPU (schedstat's first field, in nanoseconds):
 * /proc/<pid>/stat counts in clock ticks, whole 10 ms steps that a window of a few hundred
 * milliseconds of CPU cannot afford. A thread that has ended no longer counts, so it suits
 * Node's long-lived threads. Falls back to the ticks where schedstat is missing.
 */
function readCpuMs(pid: number): number {
  if (!existsSync(`/proc/${pid}/schedstat`)) return readTickCpuMs(pid);
  let nanoseconds = 0;
  for (const thread of readdirSync(`/proc/${pid}/task`)) nanoseconds += threadCpuNanoseconds(pid, thread);
  return nanoseconds / 1e6;
}

function threadCpuNanoseconds(pid: number, thread: string): number {
  let line: string;
  try {
    line = readFileSync(`/proc/${pid}/task/${thread}/schedstat`, 'utf8');
  } catch {
    // A thread that ended between listing and reading.
    return 0;
  }
  const nanoseconds = Number(line.split(' ')[0]);
  if (!Number.isFinite(nanoseconds)) throw new Error(`cannot read thread ${thread}'s CPU time from /proc`);
  return nanoseconds;
}

function readTickCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Field 2 (the command name) may contain spaces and parentheses: count fields after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, i.e. 11 and 12 after the name.
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new Error(`cannot read the CPU time of process ${pid} from /proc`);
  return (ticks * 1000) / clockTicksPerSecond;
}

function readRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kilobytes === undefined) throw new Error(`cannot read the resident memory of process ${pid} from /proc`);
  return Number(kilobytes) / 1024;
}

/** /proc counts CPU in clock ticks; 100 per second on nearly every Linux, but ask. */
function readClockTicks(): number {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}
