/**
 * How the key's budget is spent: departures evenly spaced, at least `departureIntervalMs` apart.
 * Evenly spaced departures keep any 1 s window at or under the budget, like a sliding log, but
 * unlike a sliding log they never come in bursts: once the budget is saturated a slot frees every
 * interval, so a caller's wait grows with the callers ahead of it, never with a whole window.
 *
 * Getty counts arrivals, and a call arrives some time after its slot: the scheduler's timer
 * fires late on a busy event loop, a window on Redis answers after a round trip, the socket and
 * the network take their time. Six slots in a row at a budget of 5 span 5 × (1000 + margin) / 5
 * = 1000 + margin ms, so as long as every call arrives within `ARRIVAL_MARGIN_MS` of its slot (never before it)
 * no 1 s window holds more than the budget. The scheduler never lets a call go before its slot,
 * and gives the slot up rather than let a call go more than `LATE_DEPARTURE_LIMIT_MS` after it;
 * the rest of the margin is for what happens after the call leaves the scheduler (got's request,
 * the socket write, the network, Getty's own clock).
 */

/** Getty counts calls arriving in any window of this length. */
export const GETTY_WINDOW_MS = 1000;

/**
 * How late after its slot a call may arrive at Getty: the spacing assumes a window this much
 * longer. It costs throughput (the budget is spent over 1 + margin seconds), and buys
 * tolerance: on a machine whose cores are shared by many busy processes, a process may not run
 * for 100 ms and more, so a call can reach Getty (or the sandbox, which stamps it when its own
 * event loop gets to it) that much after another that left later.
 */
export const ARRIVAL_MARGIN_MS = 200;

/**
 * How late after its slot a call may leave the scheduler; a later call gives its slot up and books
 * another. The rest of the margin is for the way from the scheduler to Getty.
 */
export const LATE_DEPARTURE_LIMIT_MS = 50;

/**
 * The gap between consecutive departures at a budget of `perSecond` calls per second, rounded up
 * to the microsecond so that rounding in sums of gaps never fits one more call into a window.
 */
export function departureIntervalMs(perSecond: number): number {
  return Math.ceil(((GETTY_WINDOW_MS + ARRIVAL_MARGIN_MS) * 1000) / perSecond) / 1000;
}
