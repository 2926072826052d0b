import type { ApolloServer } from '@apollo/server';
import fastifyApollo from '@as-integrations/fastify';
import fp from 'fastify-plugin';
import { ErrorCode } from '../../errors.js';
import { createContext } from '../../graphql/context.js';
import type { ContextDeps, GatewayContext } from '../../graphql/context.js';
import { errorBody } from '../error-body.js';

export interface GraphQLEndpointOptions {
  apollo: ApolloServer<GatewayContext>;
  deps: ContextDeps;
  /** Operations per batched request; 0 = batching off. */
  batchMax: number;
  /** The session cookie's name (read through @fastify/cookie, which the sign-in routes register). */
  sessionCookie: string;
}

/** Apollo at /graphql, once it has started; each request gets its own context. */
export const graphqlEndpoint = fp<GraphQLEndpointOptions>(
  async (app, { apollo, deps, batchMax, sessionCookie }) => {
    if (batchMax > 0) {
      app.addHook('preValidation', async (request, reply) => {
        if (Array.isArray(request.body) && request.body.length > batchMax) {
          return reply.code(400).send(errorBody(`A batch may hold at most ${batchMax} operations (got ${request.body.length}): split it.`, ErrorCode.BadRequest));
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
          sessionId: request.cookies[sessionCookie],
          acceptLanguage: request.headers['accept-language'],
        }),
    });
    app.addHook('onClose', async () => {
      await apollo.stop();
    });
  },
  { name: 'graphql-endpoint' },
);
