import type { DepartureWindow, Reservation } from './departure-window.js';
import { departureIntervalMs } from './pacing.js';

/** The key's budget kept in this process: right for one instance, or as a share of the key's. */
export class LocalDepartureWindow implements DepartureWindow {
  private readonly intervalMs: number;
  /** The earliest time the next departure may leave. */
  private nextFree = Number.NEGATIVE_INFINITY;
  /** The last slot granted, so that a late departure can push the next one back. */
  private lastGranted = Number.NEGATIVE_INFINITY;

  constructor(
    readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(perSecond > 0) || !Number.isFinite(perSecond)) throw new RangeError(`perSecond must be a number > 0, got ${perSecond}`);
    this.intervalMs = departureIntervalMs(perSecond);
  }

  reserve(maxWaitMs: number): Promise<Reservation> {
    return Promise.resolve(this.reserveNow(maxWaitMs));
  }

  /** The synchronous form of `reserve`. */
  reserveNow(maxWaitMs: number): Reservation {
    const now = this.now();
    const departAt = Math.max(now, this.nextFree);
    const waitMs = departAt - now;
    if (waitMs > maxWaitMs) return { granted: false, waitMs };
    this.lastGranted = departAt;
    this.nextFree = departAt + this.intervalMs;
    return { granted: true, waitMs, uncertaintyMs: 0 };
  }

  /** Spaces the next departure from when the last one really left, so a late one never bunches with it. */
  departed(lateMs: number): void {
    this.nextFree = Math.max(this.nextFree, this.lastGranted + lateMs + this.intervalMs);
  }
}
