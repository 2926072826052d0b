import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';
import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode, GatewayError } from '../errors.js';
import { ScalarInputError } from './scalars.js';

/** Codes Apollo and graphql-js attach to request-level errors; their messages are safe to show. */
const FRAMEWORK_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * Every error leaves with a stable `extensions.code`. Gateway errors keep their message and
 * details; anything unexpected is a bug whose message may hold internals (paths, URLs), so
 * the client gets a generic one and the log gets the rest (see the error-logging plugin).
 */
export function createErrorFormatter(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const stacktrace = production ? undefined : formatted.extensions?.stacktrace;
    if (original instanceof GatewayError) {
      return {
        ...formatted,
        message: original.message,
        extensions: { ...original.extensions, ...(stacktrace === undefined ? {} : { stacktrace }) },
      };
    }
    // A bad scalar written in the query is a validation error to graphql-js; as a variable
    // it is bad input. Both are the caller's value, so both get the code of bad input.
    if (error instanceof GraphQLError && error.originalError instanceof ScalarInputError) {
      return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.BadUserInput } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && FRAMEWORK_CODES.has(code)) return formatted;
    return {
      ...formatted,
      message: 'Internal error in the gateway. It has been logged; quote the x-request-id response header when reporting it.',
      extensions: { code: ErrorCode.InternalServerError, ...(stacktrace === undefined ? {} : { stacktrace }) },
    };
  };
}
