import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { gatewayNodeFlags } from '../../bench/gateway-process.js';
import type { SandboxProcess } from '../sandbox-process.js';

export interface GatewayProcess {
  url: string;
  /** The gateway process's RSS in MB, measured right after a full garbage collection. */
  rssAfterGcMb(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The built gateway (dist/) in a process of its own, in Getty mode against a sandbox
 * process, so its memory is measured apart from Jest and the load generator. It is started
 * with the V8 flags `npm start` runs it with (package.json's `config.nodeFlags`), so its memory
 * is the shipped configuration's, and with --expose-gc; it answers an IPC "rss" message with
 * its RSS after a full collection.
 */
const START = `
  import { createGateway } from './dist/gateway.js';
  import { readConfig } from './dist/config/env.js';
  import { createLogger } from './dist/logging/logger.js';
  const upstream = JSON.parse(process.env.UPSTREAM);
  const gateway = await createGateway({
    config: readConfig(process.env),
    logger: createLogger('error'),
    target: { mode: 'getty', apiUrl: upstream.url, authUrl: upstream.tokenUrl, apiKey: upstream.apiKey,
      apiSecret: upstream.apiSecret, serviceAccount: { grant: 'password', ...upstream.serviceAccount } },
  });
  const url = await gateway.listen();
  process.on('message', (message) => {
    if (message === 'rss') {
      globalThis.gc();
      process.send({ rss: process.memoryUsage().rss });
    }
  });
  process.on('SIGTERM', () => gateway.close().then(() => process.exit(0)));
  process.send({ url });
`;

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function startGatewayProcess(upstream: SandboxProcess, env: Record<string, string>): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [...gatewayNodeFlags(ROOT), '--expose-gc', '--input-type=module', '-e', START], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', PORT: '0', ADMIN_PORT: '-1', CLIENT_RATE_LIMIT: '0', UPSTREAM: JSON.stringify(upstream), ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exit = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const next = <T>(key: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: Record<string, T>) => {
        if (key in message) {
          child.off('message', onMessage);
          resolve(message[key]!);
        }
      };
      child.on('message', onMessage);
      void exit.then(() => reject(new Error(`the gateway process exited while waiting for ${key}`)));
    });
  const url = await next<string>('url');
  return {
    url,
    rssAfterGcMb: async () => {
      const rss = next<number>('rss');
      child.send('rss');
      return (await rss) / 1024 / 1024;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exit;
    },
  };
}
