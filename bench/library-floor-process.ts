import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Readable, Writable } from 'node:stream';
import { gatewayNodeFlags } from './gateway-process.js';
import type { GatewayProcess } from './gateway-process.js';
import type { LibraryFloorCounters, LibraryFloorReady, LibraryFloorSetup } from './library-floor-protocol.js';
import { LineReader } from './line-reader.js';
import { readProcessUsage } from './proc-usage.js';
import { waitForExit } from './wait-for-exit.js';

const SERVER = fileURLToPath(new URL('./library-floor-server.js', import.meta.url));

/**
 * bench/library-floor-server.ts in a process of its own, with the gateway's node flags, serving
 * pages as `setup` says (from memory, or one Getty call per request); measured like a gateway
 * process. Its counters count no token lookups, and no upstream calls of its own.
 */
export async function startLibraryFloorProcess(root: string, setup: LibraryFloorSetup): Promise<GatewayProcess> {
  const child: ChildProcessByStdio<Writable, Readable, null> = spawn(process.execPath, [...gatewayNodeFlags(root), SERVER], {
    cwd: root,
    env: { NODE_ENV: 'production' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin.write(`${JSON.stringify(setup)}\n`);
  const line = await new LineReader(child.stdout, 'library floor').next();
  const ready: unknown = JSON.parse(line);
  if (!isReady(ready)) throw new Error(`unexpected line from the library floor process: ${line.slice(0, 200)}`);
  return {
    url: ready.url,
    counters: async () => {
      const counters: unknown = await (await fetch(`${ready.url}/counters`)).json();
      if (!isCounters(counters)) throw new Error('the library floor process no longer reports {graphqlRequests}');
      return { graphqlRequests: counters.graphqlRequests, tokenLookups: 0, upstreamCalls: 0 };
    },
    // No metrics of its own: a bare floor has nothing the gateway adds.
    metricsReading: async () => undefined,
    usage: () => readProcessUsage(child.pid ?? 0),
    loggedProblems: { count: 0, first: [] },
    stop: async () => {
      child.stdin.end();
      await waitForExit(child, 'library floor');
    },
  };
}

function isReady(value: unknown): value is LibraryFloorReady {
  return typeof value === 'object' && value !== null && 'url' in value && typeof value.url === 'string';
}

function isCounters(value: unknown): value is LibraryFloorCounters {
  return typeof value === 'object' && value !== null && 'graphqlRequests' in value && typeof value.graphqlRequests === 'number';
}
