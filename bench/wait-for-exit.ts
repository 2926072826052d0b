import type { ChildProcess } from 'node:child_process';

const GRACE_MS = 15_000;

/** Waits for a child asked to stop; kills it if it has not exited within the grace period. */
export function waitForExit(child: ChildProcess, name: string): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      process.stderr.write(`bench: the ${name} process did not stop within ${GRACE_MS / 1000} s; killing it\n`);
      child.kill('SIGKILL');
    }, GRACE_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}
