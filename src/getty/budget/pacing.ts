/**
 * How the key's budget is spent: departures evenly spaced, at least `departureIntervalMs` apart.
 * Evenly spaced departures keep any 1 s window at or under the budget, like a sliding log, but
 * unlike a sliding log they never come in bursts: once the budget is saturated a slot frees every
 * interval, so a caller's wait grows with the callers ahead of it, never with a whole window.
 */

/** Getty counts calls arriving in any window of this length. */
export const GETTY_WINDOW_MS = 1000;

/**
 * The spacing assumes a window this much longer, so that delays between a departure and Getty's
 * arrival (a new connection, a busy event loop, the network) of up to this much cannot put one
 * call more than the budget into one of Getty's windows.
 */
export const ARRIVAL_MARGIN_MS = 100;

/**
 * The gap between consecutive departures at a budget of `perSecond` calls per second, rounded up
 * to the microsecond so that rounding in sums of gaps never fits one more call into a window.
 */
export function departureIntervalMs(perSecond: number): number {
  return Math.ceil(((GETTY_WINDOW_MS + ARRIVAL_MARGIN_MS) * 1000) / perSecond) / 1000;
}
