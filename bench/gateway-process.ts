import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { pinned } from './cpu-pinning.js';
import { freePort } from './free-port.js';
import { parseErroredOperations } from './errored-operations.js';
import { parseGcPauses } from './gc-pauses.js';
import type { GcPauses } from './gc-pauses.js';
import { readProcessUsage } from './proc-usage.js';
import type { ProcessUsage } from './proc-usage.js';
import type { SandboxReady } from './sandbox-protocol.js';
import { waitForExit } from './wait-for-exit.js';

/** What the gateway's admin /healthz reports as `counters`. */
export interface GatewayCounters {
  graphqlRequests: number;
  tokenLookups: number;
  upstreamCalls: number;
}

/** What one read of a gateway's `/metrics` gives the bench. */
export interface MetricsReading {
  gcPauses: GcPauses | undefined;
  /** Operations answered with an error so far, by outcome. */
  erroredOperations: Map<string, number> | undefined;
}

/** `node <config.nodeFlags> dist/server/main.js`, as `npm start` runs it, in getty mode against the sandbox process. */
export interface GatewayProcess {
  readonly url: string;
  counters(): Promise<GatewayCounters>;
  /** Its GC pauses and errored operations so far, from its own metrics; undefined without them (no admin listener). */
  metricsReading(): Promise<MetricsReading | undefined>;
  usage(): ProcessUsage;
  /** Warn and error lines it logged (a retry, an unknown value): each one is a finding. */
  readonly loggedProblems: { count: number; first: string[] };
  /** SIGTERM, then waits for the exit (which is when --cpu-prof writes its profile). */
  stop(): Promise<void>;
}

export interface GatewayLaunch {
  /** The checkout whose built gateway (`gatewayEntry`) and package.json nodeFlags run: this tree, or an A/B baseline's. */
  root: string;
  sandbox: SandboxReady;
  /** The response cache on, with a TTL longer than any run, so a warmed page stays fresh; off otherwise. */
  responseCache: boolean;
  /** false: ADMIN_PORT=-1, so no metrics (and no counters: `counters()` then fails). Default on. */
  metrics?: boolean;
  /** Where `node --cpu-prof` writes the profile, or undefined for no profiling. */
  cpuProfile: { dir: string; name: string } | undefined;
  /** The CPUs (a taskset list) it may run on; any, when undefined. */
  cpus?: string;
  /** As deployed with several instances: its shared state on this Redis, budget and per-client limit on (`REDIS_SETTINGS`). */
  redisUrl?: string;
}

const READY_TIMEOUT_MS = 20_000;
const KEPT_PROBLEM_LINES = 50;

export async function startGatewayProcess(launch: GatewayLaunch): Promise<GatewayProcess> {
  const port = await freePort();
  const adminPort = await freePort();
  const env = {
    ...gatewayEnv(launch.sandbox, port, adminPort, launch.responseCache, launch.redisUrl),
    ...(launch.metrics === false ? { ADMIN_PORT: '-1' } : {}),
  };
  const spawned = await spawnGateway(launch, gatewayEntry(launch.root), env, [port]);
  const gateway = spawned.view(`http://127.0.0.1:${port}`, `http://127.0.0.1:${adminPort}`);
  if (launch.redisUrl !== undefined) await untilOnRedis(gateway, `http://127.0.0.1:${adminPort}`);
  return gateway;
}

/**
 * Two gateways in one process (bench/paired-gateways-server.ts), one with metrics (unless
 * `metrics` is false: an A/A control) and one with ADMIN_PORT=-1, on one heap, one JIT and one
 * CPU: the load alternating between them, the process's CPU per window differs only by what the
 * one with metrics records per request.
 */
export async function startPairedGatewayProcess(launch: Omit<GatewayLaunch, 'responseCache'>): Promise<{ on: GatewayProcess; off: GatewayProcess }> {
  const [port, adminPort, offPort] = [await freePort(), await freePort(), await freePort()];
  const env = { ...gatewayEnv(launch.sandbox, port, adminPort, false), ...(launch.metrics === false ? { ADMIN_PORT: '-1' } : {}), PAIRED_OFF_PORT: String(offPort) };
  const spawned = await spawnGateway(launch, 'dist/bench/paired-gateways-server.js', env, [port, offPort]);
  return { on: spawned.view(`http://127.0.0.1:${port}`, `http://127.0.0.1:${adminPort}`), off: spawned.view(`http://127.0.0.1:${offPort}`, undefined) };
}

/** A started gateway process, seen through one of its gateways. */
interface SpawnedGateway {
  view(url: string, adminUrl: string | undefined): GatewayProcess;
}

async function spawnGateway(launch: Omit<GatewayLaunch, 'metrics' | 'responseCache'>, script: string, env: NodeJS.ProcessEnv, ports: number[]): Promise<SpawnedGateway> {
  const profiling = launch.cpuProfile === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${launch.cpuProfile.dir}`, `--cpu-prof-name=${launch.cpuProfile.name}`];
  const [command, args] = pinned(launch.cpus, process.execPath, [...gatewayNodeFlags(launch.root), ...profiling, script]);
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(command, args, { cwd: launch.root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  // At LOG_LEVEL=warn every stdout line is a warning or an error.
  const problems = { count: 0, first: [] as string[] };
  const stderrTail: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    problems.count += 1;
    if (problems.first.length < KEPT_PROBLEM_LINES) problems.first.push(line);
  });
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderrTail.push(line);
    if (stderrTail.length > 20) stderrTail.shift();
  });
  for (const port of ports) await waitUntilServing(`http://127.0.0.1:${port}`, child, stderrTail);
  let stopped: Promise<void> | undefined;
  return {
    view: (url, adminUrl) => ({
      url,
      counters: () => (adminUrl === undefined ? Promise.reject(new Error('a gateway without its admin listener has no counters')) : readCounters(adminUrl)),
      metricsReading: () => (adminUrl === undefined ? Promise.resolve(undefined) : readMetrics(adminUrl)),
      usage: () => readProcessUsage(child.pid ?? 0),
      loggedProblems: problems,
      stop: () => {
        stopped ??= (async () => {
          child.kill('SIGTERM');
          await waitForExit(child, 'gateway');
        })();
        return stopped;
      },
    }),
  };
}

/** What `npm run build` makes and `npm start` runs. */
export const SERVER_BUNDLE = 'dist/server/main.js';

/** What `npm start` runs in the checkout at `root`: the server bundle, or `dist/main.js` in a baseline built before there was one. */
export function gatewayEntry(root: string): string {
  return existsSync(join(root, SERVER_BUNDLE)) ? SERVER_BUNDLE : 'dist/main.js';
}

/** The V8 heap flags package.json's `config.nodeFlags` gives `npm start` and `npm run serve`. */
export function gatewayNodeFlags(root: string): string[] {
  const manifest: unknown = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const config = typeof manifest === 'object' && manifest !== null && 'config' in manifest ? manifest.config : undefined;
  const flags = typeof config === 'object' && config !== null && 'nodeFlags' in config ? config.nodeFlags : undefined;
  if (typeof flags !== 'string') throw new Error('package.json has no config.nodeFlags for the gateway process');
  return flags.split(' ').filter((flag) => flag !== '');
}

/** An hour: longer than any bench run, so a page cached in a warm-up is still fresh when measured. */
const CACHE_TTL_MS = 3_600_000;

/**
 * Getty mode against the sandbox process, so the gateway runs no sandbox of its own. Built
 * from scratch rather than inherited, so a developer's shell cannot change what is measured.
 */
export function gatewayEnv(sandbox: SandboxReady, port: number, adminPort: number, responseCache: boolean, redisUrl?: string): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    // The counters are on the admin listener's /healthz, as are the metrics a deployment would run with.
    ADMIN_PORT: String(adminPort),
    // Info would add a log line per request; warn keeps real problems visible.
    LOG_LEVEL: 'warn',
    GETTY_API_KEY: sandbox.apiKey,
    GETTY_API_SECRET: sandbox.apiSecret,
    GETTY_USERNAME: sandbox.serviceAccount.username,
    GETTY_PASSWORD: sandbox.serviceAccount.password,
    GETTY_API_URL: sandbox.url,
    GETTY_AUTH_URL: sandbox.tokenUrl,
    // The response cache off (no TTL, no stale-if-error): every request must reach upstream;
    // or on, for the cache-hit cell only.
    UPSTREAM_CACHE_TTL_MS: responseCache ? String(CACHE_TTL_MS) : '0',
    UPSTREAM_STALE_IF_ERROR_MS: '0',
    // Shaping off: the bench's sandbox has no rate limit, and the key's budget would measure the budget.
    GETTY_MAX_QPS: '0',
    // The bench's callers send their own tokens; the service account only has to be allowed to exist.
    SERVICE_ACCOUNT_ANONYMOUS: 'true',
    // Every caller comes from 127.0.0.1: a per-client limit would measure the limit.
    CLIENT_RATE_LIMIT: '0',
    ...(redisUrl === undefined ? {} : onRedis(redisUrl)),
  };
}

/**
 * The budget's and the per-client limit's highest settings: far above any rate this machine
 * reaches, so each Getty call still books its departure on Redis and each request is counted
 * there, and neither ever holds one back (which would measure the cap).
 */
const DEPLOYED_CAPS = { GETTY_MAX_QPS: '100000', CLIENT_RATE_LIMIT: '1000000' } as const;

/** What `--redis` runs every gateway with, as the bench's settings line says it. */
export const REDIS_SETTINGS = `Redis on (shared state on a redis-server of the bench's, GETTY_MAX_QPS=${DEPLOYED_CAPS.GETTY_MAX_QPS} and CLIENT_RATE_LIMIT=${DEPLOYED_CAPS.CLIENT_RATE_LIMIT}: on every request's path, never reached)`;

function onRedis(redisUrl: string): NodeJS.ProcessEnv {
  return { REDIS_URL: redisUrl, ...DEPLOYED_CAPS };
}

const REDIS_UP_TIMEOUT_MS = 10_000;

/** A gateway that could not reach Redis would run on in-process state and measure that: wait until /healthz says it is on Redis. */
async function untilOnRedis(gateway: GatewayProcess, adminUrl: string): Promise<void> {
  const deadline = Date.now() + REDIS_UP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const body: unknown = await (await fetch(`${adminUrl}/healthz`)).json();
    if (typeof body === 'object' && body !== null && 'redis' in body && body.redis === 'up') return;
    await sleep(100);
  }
  await gateway.stop();
  throw new Error(`the gateway did not report Redis up on /healthz within ${REDIS_UP_TIMEOUT_MS} ms`);
}

async function waitUntilServing(url: string, child: ChildProcessByStdio<null, Readable, Readable>, stderrTail: ReadonlyArray<string>): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`the gateway exited with code ${child.exitCode} at start-up:\n${stderrTail.join('\n')}`);
    }
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error(`the gateway did not answer ${url}/healthz within ${READY_TIMEOUT_MS / 1000} s`);
}

async function readCounters(url: string): Promise<GatewayCounters> {
  const body: unknown = await (await fetch(`${url}/healthz`)).json();
  const counters = typeof body === 'object' && body !== null && 'counters' in body ? body.counters : undefined;
  if (!isCounters(counters)) throw new Error('the gateway /healthz no longer reports counters {graphqlRequests, tokenLookups, upstreamCalls}');
  return { graphqlRequests: counters.graphqlRequests, tokenLookups: counters.tokenLookups, upstreamCalls: counters.upstreamCalls };
}

async function readMetrics(adminUrl: string): Promise<MetricsReading> {
  const text = await (await fetch(`${adminUrl}/metrics`)).text();
  return { gcPauses: parseGcPauses(text), erroredOperations: parseErroredOperations(text) };
}

function isCounters(value: unknown): value is GatewayCounters {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return ['graphqlRequests', 'tokenLookups', 'upstreamCalls'].every((key) => typeof record[key] === 'number');
}
