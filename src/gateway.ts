import type { FastifyInstance } from 'fastify';
import type { Got } from 'got';
import { OAuthClient } from './auth/oauth-client.js';
import { ServiceAccountTokens } from './auth/service-account-tokens.js';
import { MemoryTokenStore } from './auth/token-store.js';
import type { TokenStore } from './auth/token-store.js';
import type { Config, ServiceAccount } from './config/env.js';
import { GatewayError } from './errors.js';
import { GettyClient } from './getty/client.js';
import { createUpstreamHttp } from './getty/http.js';
import { createApollo } from './graphql/apollo.js';
import type { ContextDeps } from './graphql/context.js';
import { createCounters } from './graphql/counters.js';
import type { GatewayCounters } from './graphql/counters.js';
import { UpstreamHealth } from './http/health.js';
import { registerPlayground } from './http/playground/routes.js';
import { closeGracefully, createHttpServer, mountGraphQL } from './http/server.js';
import type { Logger } from './logging/logger.js';

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
  config: Pick<Config, 'runtimeEnv' | 'host' | 'port' | 'dateParams' | 'upstream'>;
  target: UpstreamTarget;
  logger: Logger;
  tokenStore?: TokenStore;
  now?: () => Date;
}

export interface Gateway {
  readonly app: FastifyInstance;
  readonly counters: GatewayCounters;
  /** Starts listening; resolves to the base URL. */
  listen(): Promise<string>;
  /** Stops accepting, lets in-flight requests finish, then releases upstream sockets. */
  close(): Promise<void>;
}

const BODY_LIMIT_BYTES = 100 * 1024;
const HEALTH_PROBE_TTL_MS = 5_000;
const HEALTH_PROBE_TIMEOUT_MS = 2_000;

/** Wires the layers together: upstream client and tokens, GraphQL, then HTTP on top. */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const { config, target, logger } = options;
  const now = options.now ?? (() => new Date());
  const upstream = createUpstreamHttp(target.apiKey, config.upstream, (attempt, reason) =>
    logger.warn({ attempt, reason }, 'retrying a Getty call'),
  );
  const client = new GettyClient(upstream.got, target.apiUrl, config.dateParams);
  const deps: ContextDeps = {
    client,
    serviceAccount: serviceAccountTokens(options, upstream.got, now),
    counters: createCounters(),
    now,
  };
  const app = createHttpServer({
    logger,
    mode: target.mode,
    bodyLimitBytes: BODY_LIMIT_BYTES,
    contextDeps: deps,
    health: new UpstreamHealth(() => client.probe(HEALTH_PROBE_TIMEOUT_MS), HEALTH_PROBE_TTL_MS),
  });
  const apollo = createApollo({
    production: config.runtimeEnv === 'production',
    plugins: [registerPlayground(app, now)],
  });
  await apollo.start();
  await mountGraphQL(app, apollo, deps);
  app.addHook('onClose', async () => upstream.close());

  return {
    app,
    counters: deps.counters,
    listen: async () => {
      await app.listen({ host: config.host, port: config.port });
      const address = app.server.address();
      const port = typeof address === 'object' && address !== null ? address.port : config.port;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      deps.serviceAccount?.warmUp().catch((error: unknown) =>
        logger.warn(
          { code: error instanceof GatewayError ? error.code : undefined },
          'could not obtain a service-account token at start-up; requests will try again',
        ),
      );
      return `http://${host}:${port}`;
    },
    close: () => closeGracefully(app),
  };
}

function serviceAccountTokens(
  options: GatewayOptions,
  http: Got,
  now: () => Date,
): ServiceAccountTokens | undefined {
  const { target, logger } = options;
  if (target.serviceAccount === undefined || target.apiSecret === undefined) return undefined;
  const oauth = new OAuthClient(http, target.authUrl, target.apiKey, target.apiSecret);
  return new ServiceAccountTokens(
    options.tokenStore ?? new MemoryTokenStore(),
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
  );
}
