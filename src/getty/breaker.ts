import CircuitBreaker from 'opossum';
import { ErrorCode, GatewayError } from '../errors.js';

export interface BreakerOptions {
  /** Share of failed calls in the window, in percent, that opens the breaker. */
  errorPercent: number;
  /** Calls in the window before the share counts: a few failures alone do not open it. */
  minimumCalls: number;
  windowMs: number;
  /** How long it stays open before one probe call may try Getty again. */
  coolDownMs: number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerEvents {
  changed(state: BreakerState): void;
}

/** What says Getty itself is failing; input, auth and rate-limit answers say nothing about its health. */
const FAILURE_CODES = new Set<string>([ErrorCode.UpstreamUnavailable, ErrorCode.UpstreamTimeout, ErrorCode.UpstreamBadResponse]);

/**
 * Getty-wide circuit breaker (opossum): after a run of failures calls fail in
 * milliseconds with UPSTREAM_UNAVAILABLE and a retry hint, instead of each waiting out
 * timeouts and retries; after the cool-down one probe decides whether it closes.
 */
export class UpstreamBreaker {
  private readonly breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;
  private openedAt = 0;

  constructor(
    private readonly options: BreakerOptions,
    events: BreakerEvents,
    private readonly now: () => number = Date.now,
  ) {
    this.breaker = new CircuitBreaker((call: () => Promise<unknown>) => call(), {
      timeout: false,
      errorThresholdPercentage: options.errorPercent,
      volumeThreshold: options.minimumCalls,
      rollingCountTimeout: options.windowMs,
      resetTimeout: options.coolDownMs,
      errorFilter: (error: unknown) => !(error instanceof GatewayError && FAILURE_CODES.has(error.code)),
    });
    this.breaker.on('open', () => {
      this.openedAt = this.now();
      events.changed('open');
    });
    this.breaker.on('halfOpen', () => events.changed('half-open'));
    this.breaker.on('close', () => events.changed('closed'));
  }

  async fire<T>(call: () => Promise<T>): Promise<T> {
    try {
      return (await this.breaker.fire(call)) as T;
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      if ((error as { code?: unknown }).code === 'EOPENBREAKER') throw this.openError();
      throw error;
    }
  }

  get state(): BreakerState {
    if (this.breaker.closed) return 'closed';
    return this.breaker.halfOpen ? 'half-open' : 'open';
  }

  /** Stops opossum's timers so the process can exit. */
  shutdown(): void {
    this.breaker.shutdown();
  }

  private openError(): GatewayError {
    const remainingMs = Math.max(0, this.openedAt + this.options.coolDownMs - this.now());
    return new GatewayError(ErrorCode.UpstreamUnavailable, 'Getty is failing, so the gateway is not calling it for a short while. Try again after retryAfterSeconds.', {
      retryAfterSeconds: Math.max(1, Math.ceil(remainingMs / 1000)),
    });
  }
}
