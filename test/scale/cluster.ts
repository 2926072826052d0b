import { spawn } from 'node:child_process';
import { untilListening } from '../listening-line.js';
import { exitOf, stopChild } from '../sandbox-process.js';
import type { SandboxProcess } from '../sandbox-process.js';
import { serverEntry } from '../server-entry.js';

export interface GatewayInstance {
  url: string;
  /** The admin listener: detailed /healthz, /metrics, /readyz. */
  adminUrl: string;
  /** SIGKILL: the instance dies mid-request, as in a crash. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `node dist/server/main.js`, as operators run it, in Getty mode against the one shared sandbox
 * (plain http on loopback), with the environment given.
 */
export async function startGateway(sandbox: SandboxProcess, env: Record<string, string>): Promise<GatewayInstance> {
  const child = spawn(process.execPath, [serverEntry()], {
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
