import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import got from 'got';
import type { Got, NormalizedOptions, RequestError, Response } from 'got';
import type { UpstreamPolicy } from '../config/env.js';
import { GatewayError } from '../errors.js';
import { UNTRACED, isSpan } from '../tracing/tracer.js';
import type { Span } from '../tracing/tracer.js';
import type { UpstreamEndpoint } from './errors.js';
import { bodyCap } from './body-cap.js';
import { UNNAMED } from './budget/customers.js';
import { retryDelay } from './retry-delay.js';
import { NO_UPSTREAM_OBSERVER, callOutcome } from './upstream-observer.js';
import type { UpstreamObserver } from './upstream-observer.js';

export interface UpstreamHttp {
  readonly got: Got;
  /** Ends idle keep-alive sockets; in-flight calls finish first. */
  close(): void;
}

/** One retry of a Getty call: where it went (host and path, never the query) and for which request. */
export interface RetryEvent {
  attempt: number;
  reason: string;
  host: string | undefined;
  path: string | undefined;
  requestId: string | undefined;
}

export type RetryListener = (retry: RetryEvent) => void;

/** Waits until a call for this customer may leave, or refuses it; see FairScheduler. */
export type AttemptGate = (customer: string) => Promise<void>;

const RETRY_STATUSES = [429, 500, 502, 503, 504];

/**
 * The one got instance every Getty call goes through. Keep-alive sockets are reused LIFO
 * so idle ones time out instead of all staying warm; redirects are not followed because a
 * redirected call would carry the customer's bearer token somewhere unplanned.
 */
export function createUpstreamHttp(
  apiKey: string,
  policy: UpstreamPolicy,
  onRetry: RetryListener,
  gate?: AttemptGate,
  observer: UpstreamObserver = NO_UPSTREAM_OBSERVER,
): UpstreamHttp {
  const agentOptions = { keepAlive: true, scheduling: 'lifo' as const, maxSockets: 256 };
  const agent = { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) };
  const instance = got.extend({
    agent,
    headers: { 'api-key': apiKey, 'user-agent': 'getty-downloads-gateway' },
    timeout: { request: policy.timeoutMs },
    followRedirect: false,
    handlers: [bodyCap(policy.maxBodyBytes)],
    retry: {
      limit: policy.retries,
      methods: ['GET', 'POST'],
      statusCodes: RETRY_STATUSES,
      maxRetryAfter: policy.retryMaxDelayMs,
      calculateDelay: (verdict) => retryDelay({ baseMs: policy.retryBaseMs, maxDelayMs: policy.retryMaxDelayMs }, verdict),
    },
    hooks: {
      // Every attempt is seen once: answers in afterResponse, failures without one when retried or final.
      afterResponse: [
        (response: Response) => {
          endAttempt(response.request.options.context, response.statusCode);
          observer.attempt(endpointOf(response.request.options.method), callOutcome(response.statusCode), secondsSince(response.timings.start));
          return response;
        },
      ],
      beforeRetry: [
        (error: RequestError, retryCount: number) => {
          const endpoint = endpointOf(error.options.method);
          if (error.response === undefined) endAttempt(error.options.context, error.code);
          if (error.response === undefined) observer.attempt(endpoint, error.code, secondsSince(error.timings?.start));
          observer.retry(endpoint, retryOutcome(error));
          onRetry(retryEvent(error, retryCount));
        },
      ],
      beforeError: [
        (error: RequestError) => {
          endAttempt(error.options.context, error.code);
          // A refusal by the budget's scheduler never reached Getty.
          if (error.response === undefined && !(error.cause instanceof GatewayError)) {
            observer.attempt(endpointOf(error.options.method), error.code, secondsSince(error.timings?.start));
          }
          return error;
        },
      ],
      // Per attempt, so retries draw from the budget too and each attempt is a span with its own traceparent.
      beforeRequest: [(options, { retryCount }) => startAttempt(options, retryCount, gate)],
    },
  });
  return {
    got: instance,
    close: () => {
      agent.http.destroy();
      agent.https.destroy();
    },
  };
}

/**
 * Waits for the attempt's turn in the budget (when shaping is on), then starts its span and
 * sends that span's `traceparent`. Spans name the path only: query values can be anything.
 */
async function startAttempt(options: NormalizedOptions, retryCount: number, gate: AttemptGate | undefined): Promise<void> {
  const { context } = options;
  const trace = isSpan(context.trace) ? context.trace : UNTRACED;
  if (gate !== undefined) await waitTurn(gate, customerOf(context), trace);
  const url = options.url instanceof URL ? options.url : undefined;
  const attempt = trace.child(
    `${options.method} ${url?.pathname ?? ''}`,
    {
      'getty.endpoint': endpointOf(options.method),
      'gateway.attempt': retryCount + 1,
      'http.request.method': options.method,
      'server.address': url?.hostname ?? '',
      'url.path': url?.pathname ?? '',
    },
    'client',
  );
  context.attempt = attempt;
  options.headers.traceparent = attempt.traceparent();
}

async function waitTurn(gate: AttemptGate, customer: string, trace: Span): Promise<void> {
  const wait = trace.child('getty budget wait');
  try {
    await gate(customer);
  } catch (error) {
    wait.end(error instanceof GatewayError ? error.code : 'INTERNAL_SERVER_ERROR');
    throw error;
  }
  wait.end();
}

/** Ends the current attempt's span with its HTTP status, or the error that left it without one. */
function endAttempt(context: Record<string, unknown>, outcome: number | string): void {
  const attempt = context.attempt;
  if (!isSpan(attempt)) return;
  if (typeof outcome === 'number') {
    attempt.set({ 'http.response.status_code': outcome });
    attempt.end(outcome >= 400 ? String(outcome) : undefined);
  } else {
    attempt.end(outcome);
  }
}

function customerOf(context: Record<string, unknown>): string {
  return typeof context.customer === 'string' ? context.customer : UNNAMED;
}

/** The token endpoint is the only one the gateway POSTs to. */
function endpointOf(method: string): UpstreamEndpoint {
  return method === 'POST' ? 'token' : 'downloads';
}

function secondsSince(start: number | undefined): number {
  return start === undefined ? 0 : Math.max(0, Date.now() - start) / 1000;
}

function retryOutcome(error: RequestError): string {
  const status = error.response?.statusCode;
  return status === undefined ? error.code : callOutcome(status);
}

function retryEvent(error: RequestError, attempt: number): RetryEvent {
  const url = error.options.url instanceof URL ? error.options.url : undefined;
  const requestId = error.options.context.requestId;
  return {
    attempt,
    reason: retryReason(error),
    host: url?.host,
    path: url?.pathname,
    requestId: typeof requestId === 'string' ? requestId : undefined,
  };
}

function retryReason(error: RequestError): string {
  const status = error.response?.statusCode;
  return status === undefined ? error.code : `HTTP ${status}`;
}
