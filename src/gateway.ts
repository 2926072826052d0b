import type { FastifyInstance } from 'fastify';
import type { Got } from 'got';
import { customerName } from './auth/customer-name.js';
import { OAuthClient } from './auth/oauth-client.js';
import { ServiceAccountGuard } from './auth/service-account-guard.js';
import { Sessions } from './auth/sessions.js';
import { SignIn } from './auth/sign-in.js';
import { ServiceAccountTokens } from './auth/service-account-tokens.js';
import type { RefreshLock } from './auth/refresh-lock.js';
import type { TokenStore } from './auth/token-store.js';
import type { Config, ServiceAccount } from './config/env.js';
import { GatewayError } from './errors.js';
import { ARRIVAL_MARGIN_MS, GETTY_WINDOW_MS } from './getty/budget/pacing.js';
import type { DepartureWindow } from './getty/budget/departure-window.js';
import { LocalDepartureWindow } from './getty/budget/local-departure-window.js';
import type { GettyClient } from './getty/client.js';
import { createUpstreamStack } from './getty/upstream-stack.js';
import { NO_REQUEST_OBSERVER } from './graphql/request-observer.js';
import { AdminListenError, createAdminServer } from './http/admin-server.js';
import type { Readiness } from './http/readiness.js';
import { GatewayMetrics } from './observability/metrics.js';
import { createApollo } from './graphql/apollo.js';
import type { ExecutionObserver } from './graphql/compiled-execution.js';
import type { ContextDeps } from './graphql/context.js';
import { RenderedAnswers } from './graphql/rendered-answers.js';
import { createCounters } from './graphql/counters.js';
import type { GatewayCounters } from './graphql/counters.js';
import { UpstreamHealth, healthStatus } from './http/health.js';
import type { DemoUserHint } from './http/demo-users.js';
import { closeGracefully } from './http/graceful-close.js';
import { graphqlEndpoint } from './http/plugins/graphql-endpoint.js';
import { clientIdentity } from './http/client-identity.js';
import { createHttpServer } from './http/server.js';
import { signInCookies } from './http/sign-in/cookies.js';
import { signInRoutes } from './http/sign-in/routes.js';
import { webPages } from './http/web-pages.js';
import type { Logger } from './logging/logger.js';
import { PROPAGATING_TRACER } from './tracing/tracer.js';
import type { Tracer } from './tracing/tracer.js';
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
  /** Getty's authorize page (the sandbox's in sandbox mode); `undefined`: browser sign-in is off. */
  authorizeUrl?: string | undefined;
}

export interface GatewayOptions {
  config: Pick<
    Config,
    | 'runtimeEnv'
    | 'host'
    | 'port'
    | 'admin'
    | 'dateParams'
    | 'upstream'
    | 'protection'
    | 'limits'
    | 'playground'
    | 'introspection'
    | 'corsOrigins'
    | 'redis'
    | 'access'
    | 'edge'
    | 'tracing'
    | 'signIn'
  >;
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
  /** The Prometheus registry, when the admin listener (and so metrics) is on. */
  readonly metrics: GatewayMetrics | undefined;
  /** Starts listening (the admin listener first), and fetching the service account's first token; resolves to the base URL. */
  listen(): Promise<string>;
  /** The admin listener's base URL once listening; undefined when it is off (ADMIN_PORT=-1). */
  adminUrl(): string | undefined;
  /** How that first token fetch ended: undefined when it worked (or there is no service account), else its error. */
  tokenWarmUp(): Promise<unknown>;
  /** Stops accepting, lets in-flight requests finish, then releases upstream sockets. */
  close(): Promise<void>;
}

const HEALTH_PROBE_TTL_MS = 5_000;
const HEALTH_PROBE_TIMEOUT_MS = 2_000;
/** Answers remembered beside the response cache's pages; a bound of their own, since an answer can outweigh its pages. */
const RENDERED_ANSWERS_MAX_BYTES = 16 * 1024 * 1024;
/** One second of Getty budget as the windows measure it, with the margin for send-to-arrival delays. */
const BUDGET_SECOND_MS = GETTY_WINDOW_MS + ARRIVAL_MARGIN_MS;

/** Wires the layers together: upstream client and tokens, GraphQL, then HTTP on top. */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const { config, target, logger } = options;
  const now = options.now ?? (() => new Date());
  let phase: 'starting' | 'serving' | 'stopping' = 'starting';
  const shared = await sharedState(options);
  const tracer = await loadTracer(config.tracing);
  const { cache } = config.protection;
  const responseCache = cache.ttlMs > 0 || cache.staleIfErrorMs > 0 ? shared.responseCache(cache) : undefined;
  // Metrics exist only with the admin listener that serves them: off, the hot path pays nothing for them.
  const metrics =
    config.admin.port === -1
      ? undefined
      : new GatewayMetrics({
          // Read at scrape time, when everything below exists.
          breakerState: () => upstream.breakerState(),
          ready: async () => (await readiness()).ready,
          sharedState: () => shared.status(config.protection.maxQps),
        });
  const upstream = createUpstreamStack({
    apiUrl: target.apiUrl,
    apiKey: target.apiKey,
    dateParams: config.dateParams,
    policy: config.upstream,
    protection: config.protection,
    cache: responseCache,
    budget: options.budget ?? budgetWindow(config.protection.maxQps, shared),
    logger,
    ...(metrics === undefined ? {} : { observer: metrics.upstream }),
  });
  const { client } = upstream;
  const serviceAccount = serviceAccountTokens(options, upstream.http.got, now, metrics, options.tokenStore ?? shared.tokenStore, shared.refreshLock);
  const readiness = async (): Promise<Readiness> => {
    if (phase === 'starting') return { ready: false, reason: 'starting: the gateway is not listening yet' };
    if (phase === 'stopping') return { ready: false, reason: 'shutting down: finishing in-flight requests, taking no new ones' };
    if (serviceAccount !== undefined && !(await serviceAccount.inHand())) {
      return { ready: false, reason: "no service-account token yet: Getty's token endpoint has not granted one (see the logs)" };
    }
    if (upstream.breakerState() === 'open') return { ready: false, reason: 'the circuit breaker is open: Getty is failing, calls fail fast until it recovers' };
    return { ready: true };
  };
  const health = new UpstreamHealth(() => client.probe(HEALTH_PROBE_TIMEOUT_MS), HEALTH_PROBE_TTL_MS, upstream.breakerState);
  const serviceAccountGuard = new ServiceAccountGuard(config.access);
  const signIn = signInFlow(options, upstream.http.got, client, now, shared, metrics);
  const deps: ContextDeps = {
    client,
    downloads: upstream.downloads,
    serviceAccount,
    serviceAccountGuard,
    sessions: signIn?.sessions,
    counters: createCounters(),
    observer: metrics?.requests ?? NO_REQUEST_OBSERVER,
    now,
  };
  const app = await createHttpServer({
    logger,
    bodyLimitBytes: config.limits.bodyBytes,
    cors: { origins: config.corsOrigins, allowLocalhost: target.mode === 'sandbox' },
    health,
    readiness,
    hosts: { hosts: new Set(config.edge.allowedHosts), anyAddress: false },
    rateLimit: {
      perMinute: config.edge.clientRateLimit,
      clientOf: (request) => clientIdentity(request, serviceAccountGuard.keys, signIn === undefined ? undefined : (id) => signIn.sessions.isLive(id)),
      store: shared.clientRateCounters,
    },
    timeouts: config.edge.timeouts,
  });
  const admin =
    metrics === undefined
      ? undefined
      : await createAdminServer({
          logger,
          hosts: { hosts: new Set([...config.edge.allowedHosts, 'localhost']), anyAddress: true },
          metrics: () => metrics.exposition(),
          health: async () => {
            const upstreamStatus = await health.current();
            return {
              status: healthStatus(upstreamStatus),
              mode: target.mode,
              upstream: upstreamStatus,
              ...shared.status(config.protection.maxQps),
              counters: deps.counters,
            };
          },
          readiness,
        });
  let adminUrl: string | undefined;
  const pages = webPages({
    enabled: config.playground,
    demoUsers: options.demoUsers ?? [],
    thumbnailOrigins: options.thumbnailOrigins ?? [],
    now,
  });
  if (pages.routes !== undefined) await app.register(pages.routes);
  const apollo = createApollo({
    production: config.runtimeEnv === 'production',
    limits: config.limits,
    markStale: config.protection.cache.staleIfErrorMs > 0,
    introspection: config.introspection,
    ...(metrics === undefined ? {} : { requestObserver: metrics.requests }),
    onExecution: options.onExecution,
    tracing: tracer.exporting,
    persistedQueries: shared.persistedQueries,
    plugins: [pages.landingPage],
    renderedAnswers: new RenderedAnswers({
      maxEntries: cache.maxEntries,
      maxBytes: RENDERED_ANSWERS_MAX_BYTES,
      keepAnswers: responseCache?.keepsPages === true && cache.ttlMs > 0,
    }),
  });
  await apollo.start();
  const cookies = signInCookies((config.signIn.publicUrl ?? '').startsWith('https:'));
  await app.register(signInRoutes, { flow: signIn, cookies, publicOrigin: config.signIn.publicUrl, sessionMaxAgeMs: config.signIn.maxAgeMs });
  await app.register(graphqlEndpoint, { apollo, deps, batchMax: config.limits.batchMax, tracer, sessionCookie: cookies.session });
  app.addHook('onClose', async () => {
    upstream.close();
    await shared.close();
  });

  let warmUp: Promise<unknown> = Promise.resolve(undefined);
  return {
    app,
    counters: deps.counters,
    metrics,
    adminUrl: () => adminUrl,
    listen: async () => {
      if (admin !== undefined) {
        await admin.listen({ host: config.admin.host, port: config.admin.port }).catch((error: unknown) => {
          throw new AdminListenError(error);
        });
        adminUrl = baseUrl(admin, config.admin.host, config.admin.port);
        logger.info({ adminUrl, metricsUrl: `${adminUrl}/metrics` }, 'admin listener ready');
      }
      await app.listen({ host: config.host, port: config.port });
      phase = 'serving';
      warmUp =
        deps.serviceAccount?.warmUp().then(
          () => undefined,
          (error: unknown) => {
            logger.warn(
              { code: error instanceof GatewayError ? error.code : undefined, upstream: error instanceof GatewayError ? error.upstreamCall : undefined },
              'could not obtain a service-account token at start-up',
            );
            return error;
          },
        ) ?? warmUp;
      return baseUrl(app, config.host, config.port);
    },
    tokenWarmUp: () => warmUp,
    // The admin listener goes last, so /readyz says "shutting down" while the public port drains.
    close: async () => {
      phase = 'stopping';
      try {
        await closeGracefully(app);
      } finally {
        await admin?.close();
        await tracer.close();
      }
    },
  };
}

function baseUrl(app: FastifyInstance, configuredHost: string, configuredPort: number): string {
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : configuredPort;
  const host = configuredHost.includes(':') ? `[${configuredHost}]` : configuredHost;
  return `http://${host}:${port}`;
}

/** The OpenTelemetry SDK only when an endpoint is configured: otherwise none of it is even loaded. */
async function loadTracer(settings: Config['tracing']): Promise<Tracer> {
  if (settings === undefined) return PROPAGATING_TRACER;
  const { createOtelTracer } = await import('./observability/otel-tracer.js');
  return createOtelTracer(settings);
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

/** Browser sign-in, when there is an authorize page and the client secret to exchange its codes with. */
function signInFlow(
  options: GatewayOptions,
  http: Got,
  client: GettyClient,
  now: () => Date,
  shared: SharedState,
  metrics: GatewayMetrics | undefined,
): { signIn: SignIn; sessions: Sessions } | undefined {
  const { target, config, logger } = options;
  if (target.authorizeUrl === undefined || target.apiSecret === undefined) return undefined;
  const clock = () => now().getTime();
  const stores = shared.signInStores(config.signIn.maxEntries, clock);
  const oauth = new OAuthClient(http, target.authUrl, target.apiKey, target.apiSecret);
  const sessions = new Sessions(
    stores.sessions,
    oauth,
    { idleMs: config.signIn.idleMs, maxAgeMs: config.signIn.maxAgeMs },
    {
      refreshed: (outcome) => {
        metrics?.sessionRefresh(outcome);
        if (outcome !== 'ok') logger.info({ outcome }, 'a session token refresh did not succeed');
      },
    },
    clock,
    shared.refreshLock,
  );
  const signIn = new SignIn(stores.pending, oauth, sessions, target.authorizeUrl, target.apiKey, (token) => customerName(client, token), {
    finished: (outcome) => metrics?.signIn(outcome),
  });
  return { signIn, sessions };
}

function serviceAccountTokens(
  options: GatewayOptions,
  http: Got,
  now: () => Date,
  metrics: GatewayMetrics | undefined,
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
      issued: (grant, expiresInSeconds) => {
        metrics?.tokenGrant(grant, 'ok');
        logger.info({ grant, expiresInSeconds }, 'obtained a Getty token for the service account');
      },
      grantFailed: (grant, error) => metrics?.tokenGrant(grant, error instanceof GatewayError ? error.code : 'INTERNAL_SERVER_ERROR'),
      renewed: (outcome) => metrics?.tokenRenewal(outcome),
      renewalFailedUsingOld: (error) =>
        logger.warn({ code: error instanceof GatewayError ? error.code : undefined }, 'token renewal failed; using the current token until it expires'),
    },
    () => now().getTime(),
    lock,
  );
}
