import type { DateParamStyle, UpstreamPolicy, UpstreamProtection } from '../config/env.js';
import type { Logger } from '../logging/logger.js';
import { UpstreamBreaker } from './breaker.js';
import type { BreakerState } from './breaker.js';
import { GettyClient } from './client.js';
import { DownloadsSource } from './downloads-source.js';
import { createUpstreamHttp } from './http.js';
import type { UpstreamHttp } from './http.js';
import { RateShaper } from './rate-shaper.js';
import { ResponseCache } from './response-cache.js';
import { NO_UPSTREAM_OBSERVER } from './upstream-observer.js';
import type { UpstreamObserver } from './upstream-observer.js';

export interface UpstreamStackOptions {
  apiUrl: string;
  apiKey: string;
  dateParams: DateParamStyle;
  policy: UpstreamPolicy;
  protection: UpstreamProtection;
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
  const shaper = protection.maxQps > 0
    ? new RateShaper({ perSecond: protection.maxQps, maxWaitMs: protection.queueMs }, undefined, undefined, observer)
    : undefined;
  const http = createUpstreamHttp(
    options.apiKey,
    options.policy,
    ({ attempt, reason, host, path, requestId }) =>
      logger.warn({ attempt, reason, upstream: { host, path }, reqId: requestId }, 'retrying a Getty call'),
    shaper === undefined ? undefined : (credential) => shaper.acquire(credential),
    observer,
  );
  const client = new GettyClient(http.got, options.apiUrl, options.dateParams, shaper !== undefined);
  const breaker = new UpstreamBreaker(protection.breaker, {
    changed: (state) => {
      observer.breakerChanged(state);
      logger[state === 'open' ? 'error' : 'warn']({ breaker: state }, `circuit breaker ${state}`);
    },
  });
  const cache = protection.cache.ttlMs > 0 || protection.cache.staleIfErrorMs > 0
    ? new ResponseCache(protection.cache)
    : undefined;
  return {
    http,
    client,
    downloads: new DownloadsSource(client, breaker, cache, observer),
    breakerState: () => breaker.state,
    close: () => {
      breaker.shutdown();
      http.close();
    },
  };
}
