import type { Got } from 'got';
import type { DateParamStyle } from '../config/env.js';
import type { Span } from '../tracing/tracer.js';
import { ErrorCode, GatewayError } from '../errors.js';
import type { UpstreamCall } from '../errors.js';
import { forCustomer, HEALTH_PROBE } from './budget/customers.js';
import { classifyUpstreamError, upstreamBadResponse } from './errors.js';
import { downloadsSearch } from './query.js';
import type { DownloadsQuery } from './query.js';
import { parseDownloadsPage } from './records.js';
import type { DownloadsPage } from './records.js';

export interface CallerAuth {
  accessToken: string;
  acceptLanguage: string | undefined;
  /** The gateway request that starts the call, named in retry logs. */
  requestId?: string;
  /** The request's trace: each attempt is a step of it, and Getty gets its `traceparent`. */
  trace?: Span;
}

export interface Reachability {
  /** 'unknown': not probed, because the API key's call budget had no room for the probe within UPSTREAM_QUEUE_MS. */
  reachable: boolean | 'unknown';
  latencyMs: number;
  status?: number;
}

/** Getty's `GET /v3/downloads`, typed and validated; every failure is a GatewayError. */
export class GettyClient {
  private readonly downloadsUrl: string;
  /** Where downloads calls go, for logs. */
  readonly downloadsCall: UpstreamCall;

  constructor(
    private readonly http: Got,
    apiUrl: string,
    readonly dateParams: DateParamStyle,
    /** Whether a got hook shares the key's budget among customers; only then does a call name its customer. */
    private readonly shapesAttempts: boolean,
  ) {
    this.downloadsUrl = `${apiUrl}/v3/downloads`;
    const url = new URL(this.downloadsUrl);
    this.downloadsCall = { host: url.host, path: url.pathname };
  }

  /** The de-duplication key and the wire form of a query are the same string. */
  search(query: DownloadsQuery): string {
    return downloadsSearch(query, this.dateParams);
  }

  /** `credential` (a digest of the token) is the customer each attempt is queued for, when budget waits are shared fairly. */
  async downloads(search: string, auth: CallerAuth, credential: string): Promise<DownloadsPage> {
    let text: string;
    try {
      const headers: Record<string, string> = { authorization: `Bearer ${auth.accessToken}` };
      if (auth.acceptLanguage !== undefined) headers['accept-language'] = auth.acceptLanguage;
      // got's hooks see only `context`: the retry log's request id, the trace, and the budget's customer.
      const context = this.shapesAttempts ? { customer: credential, requestId: auth.requestId, trace: auth.trace } : { requestId: auth.requestId, trace: auth.trace };
      text = await this.http.get(`${this.downloadsUrl}?${search}`, { headers, context }).text();
    } catch (error) {
      throw classifyUpstreamError(error, 'downloads');
    }
    try {
      return parseDownloadsPage(parseJson(text));
    } catch (error) {
      if (error instanceof GatewayError) error.upstreamCall ??= this.downloadsCall;
      throw error;
    }
  }

  /**
   * Any HTTP answer, even 401, proves Getty is reachable; no token is sent or spent. The call
   * carries the API key, so it takes its turn in the key's budget like any other.
   */
  async probe(timeoutMs: number): Promise<Reachability> {
    const started = performance.now();
    const latencyMs = () => Math.round(performance.now() - started);
    try {
      const response = await this.http.get(`${this.downloadsUrl}?page=1&page_size=1`, {
        retry: { limit: 0 },
        timeout: { request: timeoutMs },
        throwHttpErrors: false,
        ...forCustomer(HEALTH_PROBE),
      });
      return { reachable: true, status: response.statusCode, latencyMs: latencyMs() };
    } catch (error) {
      if (classifyUpstreamError(error, 'downloads').code === ErrorCode.UpstreamRateLimited) {
        return { reachable: 'unknown', latencyMs: latencyMs() };
      }
      return { reachable: false, latencyMs: latencyMs() };
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw upstreamBadResponse('a body that is not JSON');
  }
}
