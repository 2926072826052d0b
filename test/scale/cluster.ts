import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { RecordedRequest } from '../../src/sandbox/index.js';
import { untilListening } from '../listening-line.js';

export interface SandboxProcess {
  url: string;
  tokenUrl: string;
  apiKey: string;
  apiSecret: string;
  serviceAccount: { username: string; password: string };
  demoUsers: Array<{ username: string; password: string }>;
  /** Every call the sandbox received since the last reset, with its own arrival timestamps. */
  requests(): Promise<RecordedRequest[]>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** The built sandbox in its own process with Getty's QPS limit, answering "stats" and "reset" over IPC. */
const SANDBOX = `
  import { startSandbox } from './dist/sandbox/index.js';
  const options = JSON.parse(process.env.SANDBOX_OPTIONS);
  const sandbox = await startSandbox(options);
  const { url, tokenUrl, apiKey, apiSecret, serviceAccount } = sandbox;
  const demoUsers = sandbox.demoUsers.map(({ username, password }) => ({ username, password }));
  process.on('message', (message) => {
    if (message === 'stats') process.send({ requests: sandbox.stats.requests });
    if (message === 'reset') { sandbox.resetStats(); process.send({ reset: true }); }
  });
  process.on('SIGTERM', () => sandbox.close().then(() => process.exit(0)));
  process.send({ started: { url, tokenUrl, apiKey, apiSecret, serviceAccount, demoUsers } });
`;

export async function startSandboxProcess(options: { qpsLimit: number; tokenTtlSeconds?: number }): Promise<SandboxProcess> {
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

export interface GatewayInstance {
  url: string;
  /** The admin listener: detailed /healthz, /metrics, /readyz. */
  adminUrl: string;
  /** SIGKILL: the instance dies mid-request, as in a crash. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `node dist/main.js`, as operators run it, in Getty mode against the one shared sandbox
 * (plain http on loopback), with the environment given.
 */
export async function startGateway(sandbox: SandboxProcess, env: Record<string, string>): Promise<GatewayInstance> {
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      ADMIN_PORT: '0',
      LOG_LEVEL: 'info',
      GETTY_API_KEY: sandbox.apiKey,
      GETTY_API_SECRET: sandbox.apiSecret,
      GETTY_API_URL: sandbox.url,
      GETTY_AUTH_URL: sandbox.tokenUrl,
      GETTY_USERNAME: sandbox.serviceAccount.username,
      GETTY_PASSWORD: sandbox.serviceAccount.password,
      // The load comes from one address and acts as the service account without a key.
      SERVICE_ACCOUNT_ANONYMOUS: 'true',
      CLIENT_RATE_LIMIT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exit = exitOf(child);
  const listening = await untilListening(child.stdout, exit, () => 'a gateway process exited before it listened');
  const url = listening.graphqlUrl.replace(/\/graphql$/, '');
  const { adminUrl } = listening;
  if (adminUrl === undefined) throw new Error('a gateway process listened without its admin listener');
  return {
    url,
    adminUrl,
    kill: async () => {
      child.kill('SIGKILL');
      await exit;
    },
    stop: () => stopChild(child, exit),
  };
}

function exitOf(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => child.on('exit', () => resolve()));
}

async function stopChild(child: ChildProcess, exit: Promise<void>): Promise<void> {
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
