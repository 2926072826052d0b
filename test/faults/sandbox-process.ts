import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { FaultOptions } from '../../src/sandbox/index.js';

export interface SandboxProcess {
  url: string;
  tokenUrl: string;
  apiKey: string;
  apiSecret: string;
  serviceAccount: { username: string; password: string };
  stop(): Promise<void>;
}

/**
 * Starts the built sandbox (dist/) in its own process, so its memory is not counted as the gateway's.
 * Without a QPS limit: the suite's load is about faults, and its gateway runs with shaping off.
 */
const START = `
  import { startSandbox } from './dist/sandbox/index.js';
  const sandbox = await startSandbox({ faults: JSON.parse(process.env.SANDBOX_FAULTS), faultSeed: 7, qpsLimit: 0 });
  const { url, tokenUrl, apiKey, apiSecret, serviceAccount } = sandbox;
  process.stdout.write(JSON.stringify({ url, tokenUrl, apiKey, apiSecret, serviceAccount }) + '\\n');
  process.on('SIGTERM', () => sandbox.close().then(() => process.exit(0)));
`;

export async function startSandboxProcess(faults: Partial<FaultOptions>): Promise<SandboxProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', START], {
    env: { PATH: process.env.PATH ?? '', SANDBOX_FAULTS: JSON.stringify(faults) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exit = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const started = await new Promise<Omit<SandboxProcess, 'stop'>>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      if (buffered.includes('\n')) resolve(JSON.parse(buffered.split('\n')[0]!) as Omit<SandboxProcess, 'stop'>);
    });
    void exit.then(() => reject(new Error('the sandbox process exited before it started')));
  });
  return {
    ...started,
    stop: async () => {
      child.kill('SIGTERM');
      await exit;
    },
  };
}
