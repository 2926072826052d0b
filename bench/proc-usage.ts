import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CPU time and resident memory of another process, read from Linux's /proc. */
export interface ProcessUsage {
  /** User plus system CPU time since the process started. */
  cpuMs: number;
  rssMb: number;
}

const clockTicksPerSecond = readClockTicks();

export function readProcessUsage(pid: number): ProcessUsage {
  return { cpuMs: readCpuMs(pid), rssMb: readRssMb(pid) };
}

function readCpuMs(pid: number): number {
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
