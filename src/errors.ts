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
  /** The `Host` header names a host the gateway does not serve (ALLOWED_HOSTS). */
  HostNotAllowed: 'HOST_NOT_ALLOWED',
  /** This client sent more requests than CLIENT_RATE_LIMIT allows; `Retry-After` says when to try again. */
  RateLimited: 'RATE_LIMITED',
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

/** Where a Getty call went: host and path only, the query string stays out of logs. */
export interface UpstreamCall {
  host: string;
  path: string;
  /** The network error (`ECONNREFUSED`, `ENOTFOUND`, ...) when no HTTP answer came back at all. */
  networkCode?: string;
}

/**
 * An error every layer may throw. graphql-js copies `extensions` from the original error,
 * so the code reaches the client without a translation step; messages never carry
 * secrets or upstream URLs, which is why callers build them, not libraries.
 */
export class GatewayError extends Error {
  readonly extensions: { code: ErrorCode } & ErrorDetails;
  /** Where the failed upstream call went, for the logs only: never part of a response. */
  upstreamCall: UpstreamCall | undefined;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'GatewayError';
    this.extensions = { code, ...details };
  }

  get code(): ErrorCode {
    return this.extensions.code;
  }
}

export function badUserInput(message: string, argument?: string): GatewayError {
  return new GatewayError(ErrorCode.BadUserInput, message, argument === undefined ? {} : { argument });
}
