/** Starts the sandbox: listen first, then serialize the records with the now-known base URL. */
import { createServer, type Server } from 'node:http';
import { AuthorizationCodes } from './authorization-codes.js';
import { createAuthorizeEndpoint } from './authorize-endpoint.js';
import { buildDataset } from './build-dataset.js';
import type { SandboxDataset } from './dataset-types.js';
import { DownloadPages } from './download-pages.js';
import { createDownloadsEndpoint } from './downloads-endpoint.js';
import { createDownloadsParamsParser } from './downloads-params.js';
import { resolveFaults } from './fault-options.js';
import { FaultScripts } from './fault-scripts.js';
import { PendingWork } from './pending-work.js';
import { createRandom } from './prng.js';
import { QpsLimiter } from './qps-limiter.js';
import { SandboxRequestLog } from './request-log.js';
import { createRouter } from './router.js';
import { createThumbnailEndpoint } from './thumbnail-endpoint.js';
import { createThumbnailRenderer } from './thumbnails.js';
import { createTokenEndpoint } from './token-endpoint.js';
import { SandboxTokenLedger } from './token-ledger.js';
import type { SandboxDateParamStyle, DemoUser, Sandbox, SandboxOptions } from './types.js';
import { createUtcDayMemo } from './utc-days.js';

export const SANDBOX_API_KEY = 'sandbox-api-key';
export const SANDBOX_API_SECRET = 'sandbox-api-secret';
const DEFAULT_TOKEN_TTL_SECONDS = 1800;
/** Like a public Getty key's limit (low single digits), so shaping is exercised by default. */
export const DEFAULT_QPS_LIMIT = 5;
/** Fixed, so fault-rate runs are reproducible unless a test picks another seed. */
const DEFAULT_FAULT_SEED = 1;

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const now = options.now ?? (() => new Date());
  const dateParams = checkDateParams(options.dateParams ?? 'start_end');
  const tokenTtlSeconds = checkPositive('tokenTtlSeconds', options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS);
  const qpsLimit = checkQpsLimit(options.qpsLimit ?? DEFAULT_QPS_LIMIT);
  const initialFaults = resolveFaults(options.faults);
  const dataset = options.dataset ?? buildDataset({ today: now() });
  const demoUsers = toDemoUsers(dataset);
  const serviceAccount = pickServiceAccount(demoUsers, dataset);

  const server = createServer();
  await listen(server, options.host ?? '127.0.0.1', options.port ?? 0);
  const url = baseUrl(server);
  const thumbnailBaseUrl = (options.thumbnailBaseUrl ?? url).replace(/\/+$/, '');

  const log = new SandboxRequestLog(now);
  const qps = qpsLimit > 0 ? new QpsLimiter(qpsLimit) : undefined;
  const scripts = new FaultScripts();
  const pending = new PendingWork();
  const tokens = new SandboxTokenLedger(dataset.users, tokenTtlSeconds, now);
  const codes = new AuthorizationCodes(now);
  const authorize = createAuthorizeEndpoint({ apiKey: SANDBOX_API_KEY, users: demoUsers, codes });
  const sandbox: Sandbox = {
    url,
    tokenUrl: `${url}/oauth2/token`,
    authorizeUrl: `${url}/oauth2/authorize`,
    apiKey: SANDBOX_API_KEY,
    apiSecret: SANDBOX_API_SECRET,
    serviceAccount,
    demoUsers,
    dateParams,
    faults: { ...initialFaults },
    script: (endpoint, ...steps) => scripts.add(endpoint, steps),
    issuedTokens: () => tokens.issuedSecrets(),
    get stats() {
      return log.snapshot();
    },
    resetStats: () => log.reset(),
    resetFaults: () => {
      scripts.clear();
      sandbox.faults = { ...initialFaults };
    },
    close: onceOnly(() => closeServer(server, pending)),
  };

  server.on(
    'request',
    createRouter(log, {
      downloads: createDownloadsEndpoint({
        apiKey: SANDBOX_API_KEY,
        tokens,
        qps,
        parseParams: createDownloadsParamsParser(dateParams),
        pages: new DownloadPages(dataset, thumbnailBaseUrl),
        companyEnabledUsers: new Set(demoUsers.filter((user) => user.companyDownloadsEnabled).map((user) => user.username)),
        now,
        today: createUtcDayMemo(),
        faults: () => sandbox.faults,
        scripts,
        random: createRandom(options.faultSeed ?? DEFAULT_FAULT_SEED),
        pending,
        log,
      }),
      token: createTokenEndpoint({
        apiKey: SANDBOX_API_KEY,
        apiSecret: SANDBOX_API_SECRET,
        tokens,
        codes,
        tokenTtlSeconds,
        qps,
        now,
        scripts,
        pending,
        log,
      }),
      authorizePage: authorize.page,
      authorizeDecision: authorize.decide,
      thumbnail: createThumbnailEndpoint(createThumbnailRenderer(dataset), log),
    }),
  );
  return sandbox;
}

function toDemoUsers(dataset: SandboxDataset): DemoUser[] {
  return dataset.users.map((user) => {
    const account = dataset.accounts.find((candidate) => candidate.accountId === user.accountId);
    const names = [user.first_name, user.middle_name, user.last_name].filter((name) => name !== null);
    return {
      username: user.username,
      password: user.password,
      displayName: names.length > 0 ? names.join(' ') : user.username,
      bearerToken: user.bearerToken,
      accountId: user.accountId,
      companyDownloadsEnabled: account?.companyDownloadsEnabled ?? false,
    };
  });
}

/** The company admin of an account enabled for company downloads, so the gateway sees everything. */
function pickServiceAccount(demoUsers: ReadonlyArray<DemoUser>, dataset: SandboxDataset): { username: string; password: string } {
  const admins = new Set(dataset.users.filter((user) => user.isCompanyAdmin).map((user) => user.username));
  const chosen = demoUsers.find((user) => user.companyDownloadsEnabled && admins.has(user.username)) ?? demoUsers[0];
  if (chosen === undefined) throw new Error('the sandbox dataset has no users');
  return { username: chosen.username, password: chosen.password };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function baseUrl(server: Server): string {
  const info = server.address();
  if (info === null || typeof info === 'string') throw new Error('the sandbox must listen on a TCP port');
  const { address, port } = info;
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
}

function closeServer(server: Server, pending: PendingWork): Promise<void> {
  return new Promise((resolve, reject) => {
    pending.releaseAll();
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive and hung sockets would otherwise hold close() open indefinitely.
    server.closeAllConnections();
  });
}

function onceOnly(run: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => (result ??= run());
}

function checkDateParams(style: SandboxDateParamStyle): SandboxDateParamStyle {
  if (style !== 'start_end' && style !== 'from_to') throw new Error(`dateParams must be 'start_end' or 'from_to', got ${String(style)}`);
  return style;
}

function checkPositive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a number > 0, got ${String(value)}`);
  return value;
}

function checkQpsLimit(value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new Error(`qpsLimit must be an integer >= 0, got ${String(value)}`);
  return value;
}
