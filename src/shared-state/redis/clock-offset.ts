/**
 * How far Redis's clock is ahead of this process's, as bounds narrowed by every round trip that
 * read it: a server time read between local instants `sentAt` and `receivedAt` puts the offset
 * between `server - receivedAt` and `server - sentAt`. Intersecting the readings bounds the
 * offset by the quickest round trip rather than by the current one, so a slot on Redis's clock
 * maps to this process's clock within a fraction of a millisecond even while Redis answers slowly.
 */
/** How fast the two clocks may drift apart, per ms between readings: quartz and NTP's slewing stay well within a thousandth. */
export const CLOCK_DRIFT_PER_MS = 0.001;

export class ClockOffset {
  private low = Number.NEGATIVE_INFINITY;
  private high = Number.POSITIVE_INFINITY;
  private readAt = Number.NEGATIVE_INFINITY;

  /** @param driftPerMs how fast the two clocks may drift apart: the bounds widen by it between readings. */
  constructor(private readonly driftPerMs = CLOCK_DRIFT_PER_MS) {}

  /** A reading of the server's clock, `serverMs`, taken between the local `sentAt` and `receivedAt`. */
  observe(serverMs: number, sentAt: number, receivedAt: number): void {
    const drift = Number.isFinite(this.readAt) ? (receivedAt - this.readAt) * this.driftPerMs : 0;
    const low = Math.max(this.low - drift, serverMs - receivedAt);
    const high = Math.min(this.high + drift, serverMs - sentAt);
    // Readings that cannot all be true mean a clock was set: start again from this one.
    [this.low, this.high] = low <= high ? [low, high] : [serverMs - receivedAt, serverMs - sentAt];
    this.readAt = receivedAt;
  }

  /** How long from the local `now` until the server's instant `serverMs` has surely come: leaving then is never early. */
  waitUntil(serverMs: number, now: number): number {
    return Math.max(0, serverMs - this.low - now);
  }

  /** How much sooner than `waitUntil` says a server's instant may come. */
  get uncertaintyMs(): number {
    return this.high - this.low;
  }
}
