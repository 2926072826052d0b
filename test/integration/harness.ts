import { Writable } from 'node:stream';
import type { TokenStore } from '../../src/auth/token-store.js';
import { readConfig } from '../../src/config/env.js';
import type { ServiceAccount } from '../../src/config/env.js';
import { createGateway } from '../../src/gateway.js';
import type { ExecutionObserver } from '../../src/graphql/compiled-execution.js';
import type { Gateway, GatewayOptions, UpstreamTarget } from '../../src/gateway.js';
import { createLogger } from '../../src/logging/logger.js';
import { buildDataset, startSandbox } from '../../src/sandbox/index.js';
import type { Sandbox, SandboxDataset, SandboxOptions } from '../../src/sandbox/index.js';
import { startSandboxProcess } from '../sandbox-process.js';
import type { SandboxProcess, SandboxProcessOptions, SandboxUpstream } from '../sandbox-process.js';

export interface StackOptions {
  sandbox?: SandboxOptions;
  config?: Partial<GatewayConfig>;
  /** false: no service account, so requests need their own bearer token. */
  serviceAccount?: false | ServiceAccount;
  tokenStore?: TokenStore;
  target?: Partial<UpstreamTarget>;
  now?: () => Date;
  /** Runs after the sandbox starts and before the gateway does: to script its first answers. */
  beforeGateway?: (sandbox: Sandbox) => void;
  onExecution?: ExecutionObserver;
}

/** The settings the gateway reads, exactly as `createGateway` takes them. */
type GatewayConfig = GatewayOptions['config'];

const DEFAULTS = readConfig({});

export interface GraphQLResponse {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }>;
    extensions?: Record<string, unknown>;
  };
}

/** A gateway on free ports in front of a sandbox, talking real HTTP. */
export interface GatewayUnderTest {
  gateway: Gateway;
  url: string;
  /** The admin listener (/metrics, detailed /healthz, /readyz). */
  adminUrl: string;
  /** Every JSON log line the gateway wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  /** The raw log text, for looking for secrets. */
  logText(): string;
  graphql(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse>;
  /** Closes the gateway, then stops the sandbox. */
  close(): Promise<void>;
}

/** The gateway and the sandbox in the test's own process. */
export interface Stack extends GatewayUnderTest {
  sandbox: Sandbox;
  dataset: SandboxDataset;
}

/**
 * The gateway in the test's process, the sandbox in a process of its own: the sandbox stamps each
 * call's arrival on its own event loop, as Getty would, so tests that count calls per second are
 * not thrown by the test's (and the gateway's) work stalling the stamps.
 */
export interface RemoteSandboxStack extends GatewayUnderTest {
  sandbox: SandboxProcess;
}

/** Fast retries so fault tests take milliseconds, with the production policy's shape. */
export const TEST_UPSTREAM = { timeoutMs: 2_000, maxBodyBytes: DEFAULTS.upstream.maxBodyBytes, retries: 2, retryBaseMs: 5, retryMaxDelayMs: 50 };

/** The sandbox and the gateway on free ports, talking real HTTP, as `npm start` wires them. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const now = options.now ?? (() => new Date());
  const dataset = options.sandbox?.dataset ?? buildDataset({ today: now() });
  // No QPS limit unless a test sets one: most tests send bursts, and their gateway does not shape (below).
  const sandbox = await startSandbox({ now, qpsLimit: 0, ...options.sandbox, dataset });
  options.beforeGateway?.(sandbox);
  // Object.assign keeps the `logs` getter live (a spread would copy its value once).
  return Object.assign(await startGatewayOn(sandbox, options, now, () => sandbox.close()), { sandbox, dataset });
}

/** As `startStack`, with the sandbox (options as JSON: no clock, no scripting) in a process of its own. */
export async function startStackOnSandboxProcess(
  options: Omit<StackOptions, 'sandbox' | 'now' | 'beforeGateway'> & { sandbox?: SandboxProcessOptions } = {},
): Promise<RemoteSandboxStack> {
  const sandbox = await startSandboxProcess({ qpsLimit: 0, ...options.sandbox });
  try {
    return Object.assign(
      await startGatewayOn(
        sandbox,
        options,
        () => new Date(),
        () => sandbox.stop(),
      ),
      { sandbox },
    );
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
}

async function startGatewayOn(
  sandbox: SandboxUpstream,
  options: Omit<StackOptions, 'sandbox'>,
  now: () => Date,
  stopSandbox: () => Promise<void>,
): Promise<GatewayUnderTest> {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger('debug', destination);
  const config: GatewayConfig = {
    runtimeEnv: 'test',
    host: '127.0.0.1',
    port: 0,
    admin: { host: '127.0.0.1', port: 0 },
    dateParams: sandbox.dateParams,
    upstream: TEST_UPSTREAM,
    // Shaping is off unless a test turns it on: most tests send bursts as one customer.
    protection: { ...DEFAULTS.protection, maxQps: 0 },
    limits: DEFAULTS.limits,
    playground: DEFAULTS.playground,
    introspection: DEFAULTS.introspection,
    corsOrigins: DEFAULTS.corsOrigins,
    redis: undefined,
    // The sandbox's own: anonymous requests act as the service account.
    access: DEFAULTS.access,
    // Tests send bursts from one address: the per-client limit is off unless a test turns it on.
    edge: { ...DEFAULTS.edge, clientRateLimit: 0 },
    tracing: undefined,
    signIn: DEFAULTS.signIn,
    ...options.config,
  };
  const serviceAccount: ServiceAccount | undefined =
    options.serviceAccount === false ? undefined : (options.serviceAccount ?? { grant: 'password', ...sandbox.serviceAccount });
  const gateway = await createGateway({
    config,
    logger,
    now,
    demoUsers: sandbox.demoUsers,
    thumbnailOrigins: [new URL(sandbox.url).origin],
    ...(options.tokenStore === undefined ? {} : { tokenStore: options.tokenStore }),
    onExecution: options.onExecution,
    target: {
      mode: 'sandbox',
      apiUrl: sandbox.url,
      authUrl: sandbox.tokenUrl,
      apiKey: sandbox.apiKey,
      apiSecret: sandbox.apiSecret,
      serviceAccount,
      authorizeUrl: sandbox.authorizeUrl,
      ...options.target,
    },
  });
  const url = await gateway.listen();
  return {
    gateway,
    url,
    adminUrl: gateway.adminUrl() ?? '',
    get logs() {
      return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    logText: () => lines.join('\n'),
    graphql: async (query, variables, headers) => {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse['body'] };
    },
    close: async () => {
      await gateway.close();
      await stopSandbox();
    },
  };
}

/** The `/v3/downloads` calls the sandbox received since its stats were last reset. */
export function downloadCalls(sandbox: Sandbox) {
  return sandbox.stats.requests.filter((request) => request.path === '/v3/downloads');
}

export function errorCodes(response: GraphQLResponse): unknown[] {
  return (response.body.errors ?? []).map((error) => error.extensions?.code);
}
