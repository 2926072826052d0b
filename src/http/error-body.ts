import type { ErrorCode } from '../errors.js';

/** The GraphQL-over-HTTP error shape, also for failures that happen before GraphQL runs. */
export function errorBody(message: string, code: ErrorCode): { errors: Array<{ message: string; extensions: { code: ErrorCode } }> } {
  return { errors: [{ message, extensions: { code } }] };
}
