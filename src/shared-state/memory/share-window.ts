import type { DepartureWindow, Reservation } from '../../getty/budget/departure-window.js';

/** An instance's part of the budget: `count` departures per `seconds` whole seconds. */
export interface Share {
  count: number;
  seconds: number;
}

/**
 * `budget ÷ instances`, rounded so that the instances together never exceed the budget in
 * any second: whole departures per second when the share is at least one, else one
 * departure every few seconds.
 */
export function shareOf(budget: number, instances: number): Share {
  const alive = Math.max(1, instances);
  if (budget >= alive) return { count: Math.floor(budget / alive), seconds: 1 };
  return { count: 1, seconds: Math.ceil(alive / budget) };
}

/**
 * One instance's share of the budget while Redis is away: a sliding window in this process,
 * which opens no earlier than `notBefore` (by then every slot Redis granted has left the window).
 */
export class ShareWindow implements DepartureWindow {
  readonly perSecond: number;
  private readonly departures: number[] = [];
  private readonly windowMs: number;

  constructor(
    private readonly share: Share,
    /** One second of budget, with the same margin as the shared window. */
    secondMs: number,
    private readonly notBefore: number,
    private readonly now: () => number,
  ) {
    this.perSecond = share.count / share.seconds;
    this.windowMs = secondMs * share.seconds;
  }

  async reserve(maxWaitMs: number): Promise<Reservation> {
    const now = this.now();
    const { departures } = this;
    while (departures.length > 0 && departures[0]! <= now - this.windowMs) departures.shift();
    const limit = this.share.count;
    const afterOldest = departures.length < limit ? now : departures[departures.length - limit]! + this.windowMs;
    const departAt = Math.max(now, this.notBefore, afterOldest);
    const waitMs = departAt - now;
    if (waitMs > maxWaitMs) return { granted: false, waitMs };
    departures.push(departAt);
    return { granted: true, waitMs, uncertaintyMs: 0 };
  }
}
