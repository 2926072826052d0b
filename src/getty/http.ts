import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import got from 'got';
import type { Got, RequestError } from 'got';
import type { UpstreamPolicy } from '../config/env.js';
import { UNNAMED } from './budget/customers.js';
import { retryDelay } from './retry-delay.js';

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
): UpstreamHttp {
  const agentOptions = { keepAlive: true, scheduling: 'lifo' as const, maxSockets: 256 };
  const agent = { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) };
  const instance = got.extend({
    agent,
    headers: { 'api-key': apiKey, 'user-agent': 'getty-downloads-gateway' },
    timeout: { request: policy.timeoutMs },
    followRedirect: false,
    retry: {
      limit: policy.retries,
      methods: ['GET', 'POST'],
      statusCodes: RETRY_STATUSES,
      maxRetryAfter: policy.retryMaxDelayMs,
      calculateDelay: (verdict) =>
        retryDelay({ baseMs: policy.retryBaseMs, maxDelayMs: policy.retryMaxDelayMs }, verdict),
    },
    hooks: {
      beforeRetry: [(error: RequestError, retryCount: number) => onRetry(retryEvent(error, retryCount))],
      // Per attempt, so retries draw from the budget too; absent when shaping is off, to keep the hot path lean.
      beforeRequest: gate === undefined ? [] : [(options) => gate(customerOf(options.context))],
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

function customerOf(context: Record<string, unknown>): string {
  return typeof context.customer === 'string' ? context.customer : UNNAMED;
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
