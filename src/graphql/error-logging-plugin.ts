import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ErrorCode, GatewayError } from '../errors.js';
import type { GatewayContext } from './context.js';

const UPSTREAM_CODES = new Set<string>([ErrorCode.UpstreamRateLimited, ErrorCode.UpstreamTimeout, ErrorCode.UpstreamUnavailable, ErrorCode.UpstreamBadResponse]);

/**
 * Logs the errors a request met, at a level that says whose problem it is: the caller's
 * (info), Getty's (warn), or ours (error, with the stack the client never sees).
 */
export function errorLoggingPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors, operationName }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            const path = error.path?.join('.');
            if (original instanceof GatewayError) {
              const level = UPSTREAM_CODES.has(original.code) ? 'warn' : 'info';
              const upstream = original.upstreamCall;
              contextValue.log[level]({ code: original.code, path, operationName, ...(upstream === undefined ? {} : { upstream }) }, original.message);
            } else if (error.extensions?.code === undefined || error.extensions.code === ErrorCode.InternalServerError) {
              contextValue.log.error({ err: original, path, operationName }, 'unexpected error while resolving');
            }
          }
        },
      };
    },
  };
}
