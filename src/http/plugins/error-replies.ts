import type { FastifyError } from 'fastify';
import fp from 'fastify-plugin';
import { ErrorCode } from '../../errors.js';
import { errorBody } from '../error-body.js';

/** JSON error bodies with a code for everything that fails before GraphQL runs, and for unknown routes. */
export const errorReplies = fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
      if (status >= 500) {
        request.log.error({ err: error }, 'request failed');
        return reply.code(status).send(errorBody('Internal error in the gateway; quote the x-request-id header when reporting it.', ErrorCode.InternalServerError));
      }
      return reply.code(status).send(errorBody(`${error.message}. Send a JSON body {"query": "...", "variables": {...}} to POST /graphql.`, ErrorCode.BadRequest));
    });
    app.setNotFoundHandler((request, reply) =>
      reply
        .code(404)
        .send(
          errorBody(
            `Nothing at ${request.method} ${request.url.split('?', 1)[0]}: the GraphQL endpoint is /graphql, health is /healthz and /readyz.`,
            ErrorCode.NotFound,
          ),
        ),
    );
  },
  { name: 'error-replies' },
);
