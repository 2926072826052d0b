import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { ServerTimeouts } from '../config/env.js';
import type { Logger } from '../logging/logger.js';
import type { HostPolicy } from './allowed-hosts.js';
import { registerCors } from './cors.js';
import type { CorsPolicy } from './cors.js';
import { closeConnectionsWhileDraining } from './graceful-close.js';
import type { UpstreamHealth } from './health.js';
import { clientRateLimit } from './plugins/client-rate-limit.js';
import type { ClientRateLimitOptions } from './plugins/client-rate-limit.js';
import { errorReplies } from './plugins/error-replies.js';
import { hostCheck } from './plugins/host-check.js';
import { noSniff } from './plugins/no-sniff.js';
import { pageSecurityHeaders } from './plugins/page-security-headers.js';
import { publicHealth } from './plugins/public-health.js';
import { requestLog } from './plugins/request-log.js';
import type { ReadinessCheck } from './readiness.js';
import { requestId } from './request-id.js';

export interface HttpServerOptions {
  logger: Logger;
  bodyLimitBytes: number;
  health: UpstreamHealth;
  readiness: ReadinessCheck;
  cors: CorsPolicy;
  hosts: HostPolicy;
  rateLimit: ClientRateLimitOptions;
  timeouts: ServerTimeouts;
}

/**
 * The public fastify app without GraphQL or pages, each concern a plugin. The gateway adds
 * the pages' routes, then the GraphQL endpoint once Apollo has started, since Apollo's
 * landing page (the playground) needs its asset routes registered first.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  // Typed as fastify's base logger so the app is the plain FastifyInstance the routes take.
  const loggerInstance: FastifyBaseLogger = options.logger;
  const app = Fastify({
    loggerInstance,
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: requestId,
    bodyLimit: options.bodyLimitBytes,
    return503OnClosing: true,
    ...serverTimeouts(options.timeouts),
  });
  app.server.maxConnections = options.timeouts.maxConnections;
  // First, so a request for a host this gateway does not serve costs nothing more.
  await app.register(hostCheck, { policy: options.hosts });
  await app.register(noSniff);
  await app.register(requestLog);
  registerCors(app, options.cors);
  await app.register(closeConnectionsWhileDraining);
  await app.register(pageSecurityHeaders);
  await app.register(errorReplies);
  await app.register(clientRateLimit, options.rateLimit);
  await app.register(publicHealth, { health: options.health, readiness: options.readiness });
  return app;
}

/**
 * Node's server limits, through fastify. Node checks the request and header timeouts on an
 * interval, so the interval follows the shorter timeout: a tenth of it, within 10 ms to 1 s.
 */
function serverTimeouts(timeouts: ServerTimeouts) {
  const shortest = timeouts.requestMs > 0 ? Math.min(timeouts.requestMs, timeouts.headersMs) : timeouts.headersMs;
  return {
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.connectionMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    maxRequestsPerSocket: timeouts.maxRequestsPerSocket,
    http: { headersTimeout: timeouts.headersMs, connectionsCheckingInterval: Math.min(1_000, Math.max(10, Math.floor(shortest / 10))) },
  };
}
