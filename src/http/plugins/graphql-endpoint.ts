import type { ApolloServer } from '@apollo/server';
import fastifyApollo from '@as-integrations/fastify';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ErrorCode } from '../../errors.js';
import { createContext } from '../../graphql/context.js';
import type { ContextDeps, GatewayContext } from '../../graphql/context.js';
import { parseTraceparent } from '../../tracing/traceparent.js';
import type { Span, Tracer } from '../../tracing/tracer.js';
import { errorBody } from '../error-body.js';

/** Where @as-integrations/fastify mounts Apollo. */
export const GRAPHQL_PATH = '/graphql';

export interface GraphQLEndpointOptions {
  apollo: ApolloServer<GatewayContext>;
  deps: ContextDeps;
  /** Operations per batched request; 0 = batching off. */
  batchMax: number;
  /** Starts each request's span, a child of the caller's `traceparent` when it sent a valid one. */
  tracer: Tracer;
  /** The session cookie's name (read through @fastify/cookie, which the sign-in routes register). */
  sessionCookie: string;
}

/** Apollo at /graphql, once it has started; each request gets its own context and span. */
export const graphqlEndpoint = fp<GraphQLEndpointOptions>(
  async (app, { apollo, deps, batchMax, tracer, sessionCookie }) => {
    if (batchMax > 0) {
      app.addHook('preValidation', async (request, reply) => {
        if (Array.isArray(request.body) && request.body.length > batchMax) {
          return reply.code(400).send(errorBody(`A batch may hold at most ${batchMax} operations (got ${request.body.length}): split it.`, ErrorCode.BadRequest));
        }
        return undefined;
      });
    }
    // Answers are per caller (their token, session or key): no shared cache may keep one, and no browser cache either.
    app.addHook('onSend', async (request, reply, payload) => {
      if (request.routeOptions.url === GRAPHQL_PATH) void reply.header('cache-control', 'private, no-store');
      return payload;
    });
    // A span ends when its response is sent, so a batch's operations all fall inside it.
    const open = new WeakMap<FastifyRequest, Span>();
    if (tracer.exporting) {
      app.addHook('onResponse', async (request, reply) => {
        const span = open.get(request);
        if (span === undefined) return;
        span.set({ 'http.response.status_code': reply.statusCode });
        span.end();
      });
    }
    await app.register(fastifyApollo(apollo), {
      context: async (request) => {
        const trace = tracer.request(`${request.method} /graphql`, parseTraceparent(request.headers.traceparent));
        if (tracer.exporting) open.set(request, trace);
        return createContext(deps, {
          requestId: request.id,
          log: request.log,
          trace,
          authorization: request.headers.authorization,
          clientKey: singleHeader(request.headers['x-gateway-key']),
          sessionId: request.cookies[sessionCookie],
          acceptLanguage: request.headers['accept-language'],
          batched: Array.isArray(request.body),
        });
      },
    });
    app.addHook('onClose', async () => {
      await apollo.stop();
    });
  },
  { name: 'graphql-endpoint' },
);

/** Several values are refused like an unknown key, never picked from. */
function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? '' : value;
}
