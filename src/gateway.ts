import type { FastifyInstance } from 'fastify';
import type { Got } from 'got';
import { OAuthClient } from './auth/oauth-client.js';
import { ServiceAccountTokens } from './auth/service-account-tokens.js';
import type { RefreshLock } from './auth/refresh-lock.js';
import type { TokenStore } from './auth/token-store.js';
import type { Config, ServiceAccount } from './config/env.js';
import { GatewayError } from './errors.js';
import { ARRIVAL_MARGIN_MS, GETTY_WINDOW_MS } from './getty/budget/pacing.js';
import type { DepartureWindow } from './getty/budget/departure-window.js';
import { LocalDepartureWindow } from './getty/budget/local-departure-window.js';
import { createUpstreamStack } from './getty/upstream-stack.js';
import { createApollo } from './graphql/apollo.js';
import type { ExecutionObserver } from './graphql/compiled-execution.js';
import type { ContextDeps } from './graphql/context.js';
import { createCounters } from './graphql/counters.js';
import type { GatewayCounters } from './graphql/counters.js';
import { UpstreamHealth } from './http/health.js';
import type { DemoUserHint } from './http/demo-users.js';
import { registerWebPages } from './http/web-pages.js';
import { closeGracefully, createHttpServer, mountGraphQL } from './http/server.js';
import type { Logger } from './logging/logger.js';
import { inProcessState, redisState } from './shared-state/index.js';
import type { SharedState } from './shared-state/index.js';

/** Where Getty (or the sandbox standing in for it) is, and how the gateway signs in. */
export interface UpstreamTarget {
  mode: 'sandbox' | 'getty';
  apiUrl: string;
  authUrl: string;
  apiKey: string;
  apiSecret: string | undefined;
  serviceAccount: ServiceAccount | undefined;
}

export interface GatewayOptions {
  config: Pick<Config, 'runtimeEnv' | 'host' | 'port' | 'dateParams' | 'upstream' | 'protection' | 'limits' | 'playground' | 'introspection' | 'corsOrigins' | 'redis'>;
  target: UpstreamTarget;
  logger: Logger;
  tokenStore?: TokenStore;
  /**
   * The API key's budget of Getty calls; by default kept in this process at GETTY_MAX_QPS
   * (none when that is 0). A shared one lets several instances split one key's budget.
   */
  budget?: DepartureWindow;
  now?: () => Date;
  /** Sandbox mode: demo users the browser pages show how to act as. */
  demoUsers?: ReadonlyArray<DemoUserHint>;
  /** Origins thumbnails are served from (the sandbox's, Getty's image host): the downloads browser's CSP allows images from them. */
  thumbnailOrigins?: readonly string[];
  /** Told which executor answered each GraphQL operation (graphql-js or compiled). */
  onExecution?: ExecutionObserver;
}

export interface Gateway {
  readonly app: FastifyInstance;
  readonly counters: GatewayCounters;
  /** Starts listening, and fetching the service account's first token; resolves to the base URL. */
  listen(): Promise<string>;
  /** How that first token fetch ended: undefined when it worked (or there is no service account), else its error. */
  tokenWarmUp(): Promise<unknown>;
  /** Stops accepting, lets in-flight requests finish, then releases upstream sockets. */
  close(): Promise<void>;
}

const HEALTH_PROBE_TTL_MS = 5_000;
const HEALTH_PROBE_TIMEOUT_MS = 2_000;
/** One second of Getty budget as the windows measure it, with the margin for send-to-arrival delays. */
const BUDGET_SECOND_MS = GETTY_WINDOW_MS + ARRIVAL_MARGIN_MS;

/** Wires the layers together: upstream client and tokens, GraphQL, then HTTP on top. */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const { config, target, logger } = options;
  const now = options.now ?? (() => new Date());
  const shared = await sharedState(options);
  const { cache } = config.protection;
  const upstream = createUpstreamStack({
    apiUrl: target.apiUrl,
    apiKey: target.apiKey,
    dateParams: config.dateParams,
    policy: config.upstream,
    protection: config.protection,
    cache: cache.ttlMs > 0 || cache.staleIfErrorMs > 0 ? shared.responseCache(cache) : undefined,
    budget: options.budget ?? budgetWindow(config.protection.maxQps, shared),
    logger,
  });
  const { client } = upstream;
  const deps: ContextDeps = {
    client,
    downloads: upstream.downloads,
    serviceAccount: serviceAccountTokens(options, upstream.http.got, now, options.tokenStore ?? shared.tokenStore, shared.refreshLock),
    counters: createCounters(),
    now,
  };
  const app = createHttpServer({
    logger,
    mode: target.mode,
    bodyLimitBytes: config.limits.bodyBytes,
    contextDeps: deps,
    cors: { origins: config.corsOrigins, allowLocalhost: target.mode === 'sandbox' },
    health: new UpstreamHealth(() => client.probe(HEALTH_PROBE_TIMEOUT_MS), HEALTH_PROBE_TTL_MS, upstream.breakerState),
    sharedState: () => shared.status(config.protection.maxQps),
  });
  const apollo = createApollo({
    production: config.runtimeEnv === 'production',
    limits: config.limits,
    markStale: config.protection.cache.staleIfErrorMs > 0,
    introspection: config.introspection,
    onExecution: options.onExecution,
    persistedQueries: shared.persistedQueries,
    plugins: [
      registerWebPages(app, {
        enabled: config.playground,
        demoUsers: options.demoUsers ?? [],
        thumbnailOrigins: options.thumbnailOrigins ?? [],
        now,
      }),
    ],
  });
  await apollo.start();
  await mountGraphQL(app, apollo, deps, config.limits.batchMax);
  app.addHook('onClose', async () => {
    upstream.close();
    await shared.close();
  });

  let warmUp: Promise<unknown> = Promise.resolve(undefined);
  return {
    app,
    counters: deps.counters,
    listen: async () => {
      await app.listen({ host: config.host, port: config.port });
      const address = app.server.address();
      const port = typeof address === 'object' && address !== null ? address.port : config.port;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      warmUp = deps.serviceAccount?.warmUp().then(
        () => undefined,
        (error: unknown) => {
          logger.warn(
            { code: error instanceof GatewayError ? error.code : undefined, upstream: error instanceof GatewayError ? error.upstreamCall : undefined },
            'could not obtain a service-account token at start-up',
          );
          return error;
        },
      ) ?? warmUp;
      return `http://${host}:${port}`;
    },
    tokenWarmUp: () => warmUp,
    close: () => closeGracefully(app),
  };
}

/** Redis when REDIS_URL is set; otherwise in-process, as a single instance needs nothing else. */
function sharedState(options: GatewayOptions): Promise<SharedState> {
  const { redis, protection } = options.config;
  if (redis === undefined) return Promise.resolve(inProcessState());
  return redisState(redis, { perSecond: protection.maxQps, secondMs: BUDGET_SECOND_MS, queueMs: protection.queueMs }, options.logger);
}

/** The shared window with REDIS_URL, else this process's own; none when GETTY_MAX_QPS is 0. */
function budgetWindow(maxQps: number, shared: SharedState): DepartureWindow | undefined {
  if (maxQps <= 0) return undefined;
  return shared.budget ?? new LocalDepartureWindow(maxQps);
}

function serviceAccountTokens(
  options: GatewayOptions,
  http: Got,
  now: () => Date,
  store: TokenStore,
  lock: RefreshLock,
): ServiceAccountTokens | undefined {
  const { target, logger } = options;
  if (target.serviceAccount === undefined || target.apiSecret === undefined) return undefined;
  const oauth = new OAuthClient(http, target.authUrl, target.apiKey, target.apiSecret);
  return new ServiceAccountTokens(
    store,
    oauth,
    target.serviceAccount,
    target.apiKey,
    {
      issued: (grant, expiresInSeconds) => logger.info({ grant, expiresInSeconds }, 'obtained a Getty token for the service account'),
      renewalFailedUsingOld: (error) =>
        logger.warn(
          { code: error instanceof GatewayError ? error.code : undefined },
          'token renewal failed; using the current token until it expires',
        ),
    },
    () => now().getTime(),
    lock,
  );
}
