import type { DateParamStyle, UpstreamPolicy, UpstreamProtection } from '../config/env.js';
import type { Logger } from '../logging/logger.js';
import { UpstreamBreaker } from './breaker.js';
import type { BreakerState } from './breaker.js';
import { GettyClient } from './client.js';
import { DownloadsSource } from './downloads-source.js';
import { createUpstreamHttp } from './http.js';
import type { UpstreamHttp } from './http.js';
import { RateShaper } from './rate-shaper.js';
import type { ResponseCache } from './response-cache.js';

export interface UpstreamStackOptions {
  apiUrl: string;
  apiKey: string;
  dateParams: DateParamStyle;
  policy: UpstreamPolicy;
  protection: UpstreamProtection;
  /** In-process or shared; absent when caching and stale-if-error are both off. */
  cache: ResponseCache | undefined;
  logger: Logger;
}

/** Everything that talks to Getty, built once: one got instance, its protections, the client. */
export interface UpstreamStack {
  http: UpstreamHttp;
  client: GettyClient;
  downloads: DownloadsSource;
  breakerState(): BreakerState;
  close(): void;
}

export function createUpstreamStack(options: UpstreamStackOptions): UpstreamStack {
  const { protection, logger } = options;
  const shaper = protection.maxQps > 0
    ? new RateShaper({ perSecond: protection.maxQps, maxWaitMs: protection.queueMs })
    : undefined;
  const http = createUpstreamHttp(
    options.apiKey,
    options.policy,
    (attempt, reason) => logger.warn({ attempt, reason }, 'retrying a Getty call'),
    shaper === undefined ? undefined : (credential) => shaper.acquire(credential),
  );
  const client = new GettyClient(http.got, options.apiUrl, options.dateParams, shaper !== undefined);
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
