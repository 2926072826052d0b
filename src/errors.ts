/**
 * The gateway's stable error codes. Frontends branch on `extensions.code`, so these
 * strings are public API: add new ones, never rename.
 */
export const ErrorCode = {
  BadUserInput: 'BAD_USER_INPUT',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  UpstreamRateLimited: 'UPSTREAM_RATE_LIMITED',
  UpstreamTimeout: 'UPSTREAM_TIMEOUT',
  UpstreamUnavailable: 'UPSTREAM_UNAVAILABLE',
  UpstreamBadResponse: 'UPSTREAM_BAD_RESPONSE',
  InternalServerError: 'INTERNAL_SERVER_ERROR',
  /** HTTP-level problems met before GraphQL runs: bad JSON, wrong content type, too large. */
  BadRequest: 'BAD_REQUEST',
  NotFound: 'NOT_FOUND',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Extra, documented `extensions` fields an error may carry beside its code. */
export interface ErrorDetails {
  /** Getty's own `ErrorCode` for an upstream 400, e.g. `InvalidParameterValue`. */
  upstreamCode?: string;
  /** Seconds the caller should wait before trying again. */
  retryAfterSeconds?: number;
  /** The GraphQL argument at fault, for input errors. */
  argument?: string;
}

/**
 * An error every layer may throw. graphql-js copies `extensions` from the original error,
 * so the code reaches the client without a translation step; messages never carry
 * secrets or upstream URLs, which is why callers build them, not libraries.
 */
export class GatewayError extends Error {
  readonly extensions: { code: ErrorCode; http?: { status: number } } & ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'GatewayError';
    // Bad input fails the whole operation (`downloads` is non-null), so it is a 400 like
    // any other invalid request; Apollo reads `extensions.http` and strips it.
    this.extensions = code === ErrorCode.BadUserInput ? { code, ...details, http: { status: 400 } } : { code, ...details };
  }

  get code(): ErrorCode {
    return this.extensions.code;
  }
}

export function badUserInput(message: string, argument?: string): GatewayError {
  return new GatewayError(ErrorCode.BadUserInput, message, argument === undefined ? {} : { argument });
}
