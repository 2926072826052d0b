import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { RecordedRequest, Sandbox, SandboxOptions } from '../src/sandbox/index.js';

/** What a gateway is pointed at, the same from a sandbox in the test's process or in its own. */
export type SandboxUpstream = Pick<Sandbox, 'url' | 'tokenUrl' | 'authorizeUrl' | 'apiKey' | 'apiSecret' | 'serviceAccount' | 'dateParams' | 'demoUsers'>;

/** The built sandbox (dist/) in a process of its own, so its event loop, CPU and memory are not the gateway's or the test's. */
export interface SandboxProcess extends SandboxUpstream {
  /** Every call the sandbox received since the last reset, with its own arrival timestamps. */
  requests(): Promise<RecordedRequest[]>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Options that survive JSON on the way to the child (no clock, no functions). */
export type SandboxProcessOptions = Pick<SandboxOptions, 'qpsLimit' | 'tokenTtlSeconds' | 'faults' | 'faultSeed'>;

/** Starts the sandbox with the options given, answering "stats" and "reset" over IPC. */
const SANDBOX = `
  import { startSandbox } from './dist/sandbox/index.js';
  const options = JSON.parse(process.env.SANDBOX_OPTIONS);
  const sandbox = await startSandbox(options);
  const { url, tokenUrl, authorizeUrl, apiKey, apiSecret, serviceAccount, dateParams, demoUsers } = sandbox;
  process.on('message', (message) => {
    if (message === 'stats') process.send({ requests: sandbox.stats.requests });
    if (message === 'reset') { sandbox.resetStats(); process.send({ reset: true }); }
  });
  process.on('SIGTERM', () => sandbox.close().then(() => process.exit(0)));
  process.send({ started: { url, tokenUrl, authorizeUrl, apiKey, apiSecret, serviceAccount, dateParams, demoUsers } });
`;

export async function startSandboxProcess(options: SandboxProcessOptions): Promise<SandboxProcess> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', SANDBOX], {
    env: { PATH: process.env.PATH ?? '', SANDBOX_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exit = exitOf(child);
  const started = await nextMessage<Omit<SandboxProcess, 'requests' | 'reset' | 'stop'>>(child, 'started', exit);
  return {
    ...started,
    requests: async () => {
      const reply = nextMessage<RecordedRequest[]>(child, 'requests', exit);
      child.send('stats');
      return reply;
    },
    reset: async () => {
      const reply = nextMessage<boolean>(child, 'reset', exit);
      child.send('reset');
      await reply;
    },
    stop: () => stopChild(child, exit),
  };
}

export function exitOf(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => child.on('exit', () => resolve()));
}

export async function stopChild(child: ChildProcess, exit: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await exit;
}

function nextMessage<T>(child: ChildProcess, key: string, exit: Promise<void>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onMessage = (message: Record<string, T>) => {
      if (typeof message === 'object' && message !== null && key in message) {
        child.off('message', onMessage);
        resolve(message[key]!);
      }
    };
    child.on('message', onMessage);
    void exit.then(() => reject(new Error(`the process exited while waiting for ${key}`)));
  });
}
