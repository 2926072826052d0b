import { ErrorCode, GatewayError } from '../errors.js';
import { NO_UPSTREAM_OBSERVER } from './upstream-observer.js';
import type { UpstreamObserver } from './upstream-observer.js';

export interface RateShaperOptions {
  /** Calls per second per credential; Getty's limit for the account. */
  perSecond: number;
  /** A call that would wait longer fails at once instead of piling up. */
  maxWaitMs: number;
}

/**
 * Getty counts calls in any 1 s window as they arrive. Calls leave a tenth of a second
 * further apart than that, so delays between our send and Getty's arrival (a new
 * connection, a busy event loop, the network) do not squeeze two windows into one.
 */
const WINDOW_MS = 1000 + 100;
const SWEEP_EVERY_MS = 10_000;

/**
 * Per-credential sliding-window scheduling: a call leaves at once while fewer than
 * `perSecond` calls left in the last window, else when the oldest of them leaves it.
 * Departures are reserved in order, so the queue is FIFO and its length is bounded by
 * `maxWaitMs`. Hand-written because the policy is Getty's (a sliding window per token,
 * with a bounded wait), which no maintained throttling library offers per key.
 */
export class RateShaper {
  private readonly departures = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(
    private readonly options: RateShaperOptions,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    private readonly observer: UpstreamObserver = NO_UPSTREAM_OBSERVER,
  ) {}

  async acquire(credential: string): Promise<void> {
    let wait: number;
    try {
      wait = this.reserve(credential);
    } catch (error) {
      this.observer.shaperRefused();
      throw error;
    }
    if (wait > 0) {
      this.observer.shaperQueue(1);
      try {
        await this.sleep(wait);
      } finally {
        this.observer.shaperQueue(-1);
      }
    }
    this.observer.shaperWaited(wait / 1000);
  }

  /** How many credentials have calls in the current window (for health and tests). */
  get trackedCredentials(): number {
    return this.departures.size;
  }

  private reserve(credential: string): number {
    const now = this.now();
    this.sweep(now);
    const log = this.departures.get(credential) ?? [];
    while (log.length > 0 && log[0]! <= now - WINDOW_MS) log.shift();
    const limit = this.options.perSecond;
    const departAt = log.length < limit ? now : Math.max(now, log[log.length - limit]! + WINDOW_MS);
    const wait = departAt - now;
    if (wait > this.options.maxWaitMs) {
      throw new GatewayError(
        ErrorCode.UpstreamRateLimited,
        `Too many Getty calls for this account right now (the gateway keeps to ${limit} per second). Wait a moment and try again.`,
        { retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) },
      );
    }
    log.push(departAt);
    this.departures.set(credential, log);
    return wait;
  }

  /** Forgets credentials with no call in the window, so the map tracks only active ones. */
  private sweep(now: number): void {
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    for (const [credential, log] of this.departures) {
      if ((log.at(-1) ?? 0) <= now - WINDOW_MS) this.departures.delete(credential);
    }
  }
}
