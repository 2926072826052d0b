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
  const scheduler = options.budget === undefined
    ? undefined
    : new FairScheduler(options.budget, { maxWaitMs: protection.queueMs });
  const http = createUpstreamHttp(
    options.apiKey,
    options.policy,
    ({ attempt, reason, host, path, requestId }) =>
      logger.warn({ attempt, reason, upstream: { host, path }, reqId: requestId }, 'retrying a Getty call'),
    scheduler === undefined ? undefined : (customer) => scheduler.acquire(customer),
  );
  const client = new GettyClient(http.got, options.apiUrl, options.dateParams, scheduler !== undefined);
  const breaker = new UpstreamBreaker(protection.breaker, {
    changed: (state) => logger[state === 'open' ? 'error' : 'warn']({ breaker: state }, `circuit breaker ${state}`),
  });
  return {
    http,
    client,
    downloads: new DownloadsSource(client, breaker, options.cache),
    breakerState: () => breaker.state,
    close: () => {
      breaker.shutdown();
      http.close();
    },
  };
}
