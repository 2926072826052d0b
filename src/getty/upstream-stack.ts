import { ErrorCode, GatewayError } from '../errors.js';
import type { DateParamStyle, UpstreamPolicy, UpstreamProtection } from '../config/env.js';
import type { Logger } from '../logging/logger.js';
import { UpstreamBreaker } from './breaker.js';
import type { BreakerState } from './breaker.js';
import type { DepartureWindow } from './budget/departure-window.js';
import { FairScheduler } from './budget/fair-scheduler.js';
import { GettyClient } from './client.js';
import { DownloadsSource } from './downloads-source.js';
import { createUpstreamHttp } from './http.js';
import type { UpstreamHttp } from './http.js';
import type { ResponseCache } from './response-cache.js';
import { NO_UPSTREAM_OBSERVER } from './upstream-observer.js';
import type { UpstreamObserver } from './upstream-observer.js';

export interface UpstreamStackOptions {
  apiUrl: string;
  apiKey: string;
  dateParams: DateParamStyle;
  policy: UpstreamPolicy;
  protection: UpstreamProtection;
  /** In-process or shared; absent when caching and stale-if-error are both off. */
  cache: ResponseCache | undefined;
  /** The API key's budget, shared by every Getty call; undefined turns shaping off. */
  budget: DepartureWindow | undefined;
  logger: Logger;
  observer?: UpstreamObserver;
}

/** Everything that talks to Getty, built once: one got instance, its protections, the client. */
export interface UpstreamStack {
  http: UpstreamHttp;
  client: GettyClient;
  downloads: DownloadsSource;
  breakerState: () => BreakerState;
  close: () => void;
}

export function createUpstreamStack(options: UpstreamStackOptions): UpstreamStack {
  const { protection, logger } = options;
  const observer = options.observer ?? NO_UPSTREAM_OBSERVER;
  const scheduler = options.budget === undefined ? undefined : new FairScheduler(options.budget, { maxWaitMs: protection.queueMs });
  const http = createUpstreamHttp(
    options.apiKey,
    options.policy,
    ({ attempt, reason, host, path, requestId }) => logger.warn({ attempt, reason, upstream: { host, path }, reqId: requestId }, 'retrying a Getty call'),
    scheduler === undefined ? undefined : (customer) => observedTurn(() => scheduler.acquire(customer), observer),
    observer,
  );
  const client = new GettyClient(http.got, options.apiUrl, options.dateParams, scheduler !== undefined);
  const breaker = new UpstreamBreaker(protection.breaker, {
    changed: (state) => {
      observer.breakerChanged(state);
      logger[state === 'open' ? 'error' : 'warn']({ breaker: state }, `circuit breaker ${state}`);
    },
  });
  return {
    http,
    client,
    downloads: new DownloadsSource(client, breaker, options.cache, observer),
    breakerState: () => breaker.state,
    close: () => {
      breaker.shutdown();
      http.close();
    },
  };
}

/** One attempt's turn in the budget, reported: how long it waited, or that it was refused. */
async function observedTurn(acquire: () => Promise<void>, observer: UpstreamObserver): Promise<void> {
  const started = performance.now();
  observer.shaperQueue(1);
  try {
    await acquire();
  } catch (error) {
    if (error instanceof GatewayError && error.code === ErrorCode.UpstreamRateLimited) observer.shaperRefused();
    throw error;
  } finally {
    observer.shaperQueue(-1);
  }
  observer.shaperWaited((performance.now() - started) / 1000);
}
