import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Logger } from '../logging/logger.js';
import { registerCors } from './cors.js';
import type { CorsPolicy } from './cors.js';
import { closeConnectionsWhileDraining } from './graceful-close.js';
import type { UpstreamHealth } from './health.js';
import { errorReplies } from './plugins/error-replies.js';
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
  });
  await app.register(requestLog);
  registerCors(app, options.cors);
  await app.register(closeConnectionsWhileDraining);
  await app.register(pageSecurityHeaders);
  await app.register(errorReplies);
  await app.register(publicHealth, { health: options.health, readiness: options.readiness });
  return app;
}
