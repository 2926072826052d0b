import type { ApolloServer } from '@apollo/server';
import fastifyApollo from '@as-integrations/fastify';
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyError, FastifyInstance } from 'fastify';
import { ErrorCode } from '../errors.js';
import { createContext } from '../graphql/context.js';
import type { ContextDeps, GatewayContext } from '../graphql/context.js';
import type { Logger } from '../logging/logger.js';
import { errorBody } from './error-body.js';
import { healthStatus } from './health.js';
import type { UpstreamHealth } from './health.js';
import { registerReadyz } from './readiness.js';
import type { ReadinessCheck } from './readiness.js';
import { PAGE_CSP } from './content-security-policy.js';
import { registerCors } from './cors.js';
import type { CorsPolicy } from './cors.js';
import { requestId } from './request-id.js';

export interface HttpServerOptions {
  logger: Logger;
  bodyLimitBytes: number;
  contextDeps: ContextDeps;
  health: UpstreamHealth;
  readiness: ReadinessCheck;
  cors: CorsPolicy;
}

/**
 * The fastify app without GraphQL: request ids, one log line per request, and JSON error
 * bodies for everything that fails before GraphQL runs. `mountGraphQL` adds Apollo once
 * it has started, since Apollo's plugins (the playground) need routes registered first.
 */
export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  // Typed as fastify's base logger so the app is the plain FastifyInstance the routes take.
  const loggerInstance: FastifyBaseLogger = options.logger;
  const app = Fastify({
    loggerInstance,
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: requestId,
    bodyLimit: options.bodyLimitBytes,
    return503OnClosing: true,
  });

  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  registerCors(app, options.cors);
  app.addHook('onSend', async (_request, reply, payload) => {
    // While draining, in-flight answers close their connection so keep-alive clients let go.
    if (draining.has(app)) void reply.header('connection', 'close');
    // Pages with a policy of their own (the downloads browser's thumbnails) keep it.
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html') && !reply.hasHeader('content-security-policy')) {
      void reply.header('content-security-policy', PAGE_CSP);
    }
    return payload;
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      { method: request.method, path: request.url.split('?', 1)[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 },
      'request completed',
    );
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.code(status).send(errorBody('Internal error in the gateway; quote the x-request-id header when reporting it.', ErrorCode.InternalServerError));
    }
    return reply.code(status).send(errorBody(`${error.message}. Send a JSON body {"query": "...", "variables": {...}} to POST /graphql.`, ErrorCode.BadRequest));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody(`Nothing at ${request.method} ${request.url.split('?', 1)[0]}: the GraphQL endpoint is /graphql, health is /healthz and /readyz.`, ErrorCode.NotFound)),
  );

  // Always 200: /healthz is a liveness probe, and restarting the gateway does not bring Getty
  // back. `status` says whether requests can be answered: `degraded` while Getty cannot be
  // reached or the breaker is failing calls fast. The details are on the admin listener only.
  app.get('/healthz', async () => ({ status: healthStatus(await options.health.current()) }));
  registerReadyz(app, options.readiness);
  return app;
}

const draining = new WeakSet<FastifyInstance>();

/** Stops accepting (new requests get 503), lets in-flight ones finish, then closes. */
export async function closeGracefully(app: FastifyInstance): Promise<void> {
  draining.add(app);
  await app.close();
}

/** Mounts Apollo at /graphql; `batchMax` > 0 allows batched requests of at most that many operations. */
export async function mountGraphQL(
  app: FastifyInstance,
  apollo: ApolloServer<GatewayContext>,
  deps: ContextDeps,
  batchMax: number,
): Promise<void> {
  if (batchMax > 0) {
    app.addHook('preValidation', async (request, reply) => {
      if (Array.isArray(request.body) && request.body.length > batchMax) {
        return reply
          .code(400)
          .send(errorBody(`A batch may hold at most ${batchMax} operations (got ${request.body.length}): split it.`, ErrorCode.BadRequest));
      }
      return undefined;
    });
  }
  await app.register(fastifyApollo(apollo), {
    context: async (request) =>
      createContext(deps, {
        requestId: request.id,
        log: request.log,
        authorization: request.headers.authorization,
        acceptLanguage: request.headers['accept-language'],
      }),
  });
  app.addHook('onClose', async () => {
    await apollo.stop();
  });
}
