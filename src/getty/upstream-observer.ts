import type { BreakerState } from './breaker.js';
import type { UpstreamEndpoint } from './errors.js';

/**
 * What the upstream layer reports as it works, for metrics and traces. The wiring passes one
 * in; this layer never knows what listens, so it stays free of any metrics library.
 */
export interface UpstreamObserver {
  /** One HTTP exchange with Getty (every attempt): `outcome` as `callOutcome` gives it, or the network error code. */
  attempt(endpoint: UpstreamEndpoint, outcome: string, seconds: number): void;
  /** An attempt failed and another follows; `reason` as for `attempt`. */
  retry(endpoint: UpstreamEndpoint, reason: string): void;
  breakerChanged(state: BreakerState): void;
  /** A response-cache lookup: fresh hit, miss, or a stale page served because Getty failed. */
  cache(result: 'hit' | 'miss' | 'stale'): void;
  /** A call that joined an identical one already in flight instead of calling Getty. */
  coalesced(): void;
  /** The rate shaper let a call go after `seconds` (0 when it went at once). */
  shaperWaited(seconds: number): void;
  /** A call joined (+1) or left (-1) the shaper's queue. */
  shaperQueue(delta: 1 | -1): void;
  /** The shaper refused a call that would have waited too long. */
  shaperRefused(): void;
}

export const NO_UPSTREAM_OBSERVER: UpstreamObserver = {
  attempt: () => undefined,
  retry: () => undefined,
  breakerChanged: () => undefined,
  cache: () => undefined,
  coalesced: () => undefined,
  shaperWaited: () => undefined,
  shaperQueue: () => undefined,
  shaperRefused: () => undefined,
};

/** An HTTP status as a bounded label: its class (`2xx`, `4xx`, `5xx`), except `429`, which alerts look for. */
export function callOutcome(status: number): string {
  return status === 429 ? '429' : `${Math.floor(status / 100)}xx`;
}
