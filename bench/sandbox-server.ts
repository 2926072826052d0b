/**
 * The sandbox as its own process, so the gateway under test does not share its event loop
 * and CPU accounting with the upstream. Runs from dist/bench/, next to the built sandbox.
 * No faults, no latency and no QPS limit: the bench measures the gateway, not Getty (the
 * gateway runs with shaping off, GETTY_MAX_QPS=0, for the same reason).
 */
import { createInterface } from 'node:readline';
import type { SandboxCounts, SandboxReady } from './sandbox-protocol.js';
import { STATS_COMMAND } from './sandbox-protocol.js';

type SandboxModule = typeof import('../src/sandbox/index.js');

const { startSandbox } = (await import(new URL('../sandbox/index.js', import.meta.url).href)) as SandboxModule;
const sandbox = await startSandbox({ port: 0, qpsLimit: 0 });

const ready: SandboxReady = {
  url: sandbox.url,
  tokenUrl: sandbox.tokenUrl,
  apiKey: sandbox.apiKey,
  apiSecret: sandbox.apiSecret,
  serviceAccount: sandbox.serviceAccount,
};
process.stdout.write(`${JSON.stringify(ready)}\n`);

const commands = createInterface({ input: process.stdin });
commands.on('line', (line) => {
  if (line.trim() !== STATS_COMMAND) return;
  const { downloads, token } = sandbox.stats;
  const counts: SandboxCounts = { downloads, token };
  process.stdout.write(`${JSON.stringify(counts)}\n`);
});

// The bench closes stdin when it is done (or dies): either way, stop.
const stop = () => void sandbox.close().then(() => process.exit(0));
commands.on('close', stop);
process.on('SIGTERM', stop);
