import { ErrorCode, GatewayError } from '../errors.js';

/**
 * Getty's 400 InvalidPage: the page starts past the end of the list. Pagination treats it
 * as "no items here", not as the caller's mistake, so it has a class of its own.
 */
export class InvalidPageError extends GatewayError {
  constructor() {
    super(ErrorCode.BadUserInput, 'The requested page starts past the end of the list', { upstreamCode: 'InvalidPage' });
    this.name = 'InvalidPageError';
  }
}

export function upstreamBadResponse(what: string): GatewayError {
  return new GatewayError(
    ErrorCode.UpstreamBadResponse,
    `Getty answered with ${what}. This is on Getty's side or a misconfigured GETTY_API_URL; retrying later may help.`,
  );
}

export type UpstreamEndpoint = 'downloads' | 'token';

interface HttpFailure {
  status: number;
  body: string;
  retryAfter: string | undefined;
}

/**
 * Turns a failed got call into the gateway's error vocabulary. Messages are written here,
 * never copied from got or Getty: theirs may hold URLs, and Getty's wording is not a contract.
 */
export function classifyUpstreamError(error: unknown, endpoint: UpstreamEndpoint): GatewayError {
  if (error instanceof GatewayError) return error;
  // got wraps what its hooks throw, such as the rate shaper's refusal.
  if (error instanceof Error && error.cause instanceof GatewayError) return error.cause;
  const failure = httpFailure(error);
  const classified = failure === undefined ? classifyNetworkError(error) : classifyStatus(failure, endpoint);
  const target = calledUrl(error);
  if (target !== undefined) {
    classified.upstreamCall = {
      host: target.host,
      path: target.pathname,
      ...(failure === undefined ? { networkCode: networkCodeOf(error) } : {}),
    };
  }
  return classified;
}

function classifyNetworkError(error: unknown): GatewayError {
  const code = networkCodeOf(error);
  if (code === 'ETIMEDOUT') {
    return new GatewayError(ErrorCode.UpstreamTimeout, 'Getty did not answer in time (after retries). Try again shortly; narrow the date range if it keeps happening.');
  }
  return new GatewayError(ErrorCode.UpstreamUnavailable, `Getty could not be reached (${code}, after retries). Try again shortly.`);
}

function networkCodeOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unknown';
}

/** The URL got was asked for; only its host and path are ever logged. */
function calledUrl(error: unknown): URL | undefined {
  if (typeof error !== 'object' || error === null || !('options' in error)) return undefined;
  const options = error.options as { url?: unknown } | undefined;
  const url = options?.url;
  if (url instanceof URL) return url;
  if (typeof url !== 'string') return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

function classifyStatus(failure: HttpFailure, endpoint: UpstreamEndpoint): GatewayError {
  const { status } = failure;
  if (endpoint === 'token' && (status === 400 || status === 401)) {
    return new GatewayError(
      ErrorCode.Unauthenticated,
      "Getty's token endpoint refused the gateway's service account: its operator should check GETTY_API_KEY, " +
        'GETTY_API_SECRET and GETTY_USERNAME/GETTY_PASSWORD or GETTY_REFRESH_TOKEN. Meanwhile, send your own ' +
        '`Authorization: Bearer <Getty access token>` header.',
    );
  }
  if (status === 400) {
    const upstreamCode = gettyErrorCode(failure.body);
    if (upstreamCode === 'InvalidPage') return new InvalidPageError();
    return new GatewayError(
      ErrorCode.BadUserInput,
      `Getty rejected the request (${upstreamCode ?? 'no error code'}): check the arguments, e.g. the date range.`,
      upstreamCode === undefined ? {} : { upstreamCode },
    );
  }
  if (status === 401) return credentialsRefused();
  if (status === 403) {
    return new GatewayError(
      ErrorCode.Forbidden,
      'Getty refused access for this account: company downloads need an account enabled for them ' +
        '(try companyDownloads: false), and the token must belong to a customer.',
    );
  }
  if (status === 429) {
    const retryAfterSeconds = retryAfterSecondsOf(failure.retryAfter);
    return new GatewayError(
      ErrorCode.UpstreamRateLimited,
      'Getty is limiting the rate of calls for this account (after retries). Wait a moment and try again.',
      retryAfterSeconds === undefined ? {} : { retryAfterSeconds },
    );
  }
  if (status >= 500) {
    return new GatewayError(ErrorCode.UpstreamUnavailable, `Getty failed with HTTP ${status} (after retries). Try again shortly.`);
  }
  return upstreamBadResponse(`an unexpected HTTP ${status}`);
}

export function credentialsRefused(): GatewayError {
  return new GatewayError(
    ErrorCode.Unauthenticated,
    'Getty rejected the credentials: send a valid, unexpired `Authorization: Bearer <Getty access token>` header ' + '(or, for the operator, check GETTY_API_KEY).',
  );
}

function httpFailure(error: unknown): HttpFailure | undefined {
  if (typeof error !== 'object' || error === null || !('response' in error)) return undefined;
  const response = error.response as { statusCode?: unknown; body?: unknown; headers?: Record<string, unknown> } | undefined;
  if (response === undefined || typeof response.statusCode !== 'number') return undefined;
  const retryAfter = response.headers?.['retry-after'];
  return {
    status: response.statusCode,
    body: typeof response.body === 'string' ? response.body : '',
    retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined,
  };
}

/** Getty's `ErrorCode`, only when it looks like one: it is echoed to clients. */
function gettyErrorCode(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && 'ErrorCode' in parsed) {
      const code = parsed.ErrorCode;
      if (typeof code === 'string' && /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/.test(code)) return code;
    }
  } catch {
    // Not JSON: there is no code to pass on.
  }
  return undefined;
}

function retryAfterSecondsOf(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
