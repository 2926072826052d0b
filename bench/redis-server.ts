import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort } from './free-port.js';

/** Debian's redis-server, where `apt-get install -y redis-server` puts it. */
export const REDIS_SERVER = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((path) => existsSync(path));

export interface RedisServer {
  url: string;
  port: number;
  /** SIGKILL: Redis vanishes as in a crash, with its data (nothing is persisted). */
  kill(): Promise<void>;
  /** Starts again on the same port, empty. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** A real redis-server child process on 127.0.0.1 and a free port, persisting nothing; stopped by PID. */
export async function startRedisServer(options: { password?: string } = {}): Promise<RedisServer> {
  if (REDIS_SERVER === undefined) throw new Error('redis-server is not installed (Debian: apt-get install -y redis-server)');
  const port = await freePort();
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'];
    if (options.password !== undefined) args.push('--requirepass', options.password);
    const started = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    child = started;
    exited = new Promise((resolve) => started.on('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      let output = '';
      started.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) resolve();
      });
      void exited.then(() => reject(new Error(`redis-server exited at start-up:\n${output}`)));
    });
    started.stdout.resume();
  };
  const halt = async (signal: NodeJS.Signals) => {
    if (child?.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  await start();
  const auth = options.password === undefined ? '' : `:${encodeURIComponent(options.password)}@`;
  return {
    url: `redis://${auth}127.0.0.1:${port}`,
    port,
    kill: () => halt('SIGKILL'),
    restart: start,
    stop: () => halt('SIGTERM'),
  };
}
