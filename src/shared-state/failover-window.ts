import type { DepartureWindow, Reservation } from '../getty/budget/departure-window.js';
import { ShareWindow, shareOf } from './memory/share-window.js';

/** The budget on Redis: reserves like any window, optionally no sooner than `notBeforeMs` from now. */
export interface SharedWindow extends DepartureWindow {
  reserve(maxWaitMs: number, notBeforeMs?: number): Promise<Reservation>;
}

/**
 * Redis failures in a row (commands or heartbeats) that make an instance fall back. One slow
 * command is not enough: on a busy machine a 100 ms timeout also catches event-loop stalls,
 * and an instance that left Redis alone would spend its share on top of the others' budget.
 */
const FAILURES_TO_FALL_BACK = 3;

export type BudgetMode = 'shared' | 'fallback' | 'rejoining';

export interface FailoverOptions {
  /** GETTY_MAX_QPS: the whole deployment's budget. */
  budget: number;
  /** The window's length for one second of budget (with its safety margin). */
  secondMs: number;
  /** The longest a caller may have been told to wait (UPSTREAM_QUEUE_MS): Redis may have granted slots that far ahead. */
  queueMs: number;
  /** Live instances as last counted by the heartbeat. */
  instances: () => number;
  /** How much later than this one another instance may notice Redis is back (its reconnection and heartbeat delays). */
  rejoinSpreadMs?: number;
  now?: () => number;
}

/**
 * The budget as one window, whatever Redis does. Shared: Redis's window; a call whose
 * reservation fails is refused (its slot is unknown), never sent unbooked. Redis gone (the
 * connection closed, or several failures in a row): this instance's share (budget ÷ instances
 * last seen), opening only once every slot Redis may have granted is out of the window, so the
 * switch itself cannot overshoot. Redis back: for a window and a queue more each departure
 * keeps to the share and is booked on Redis too, so instances that return a little later,
 * still on their shares, find the budget respected; then Redis's window alone.
 */
export class FailoverDepartureWindow implements DepartureWindow {
  private current: BudgetMode;
  private local: ShareWindow | undefined;
  private rejoinedAt = 0;
  private failures = 0;
  private readonly now: () => number;

  constructor(
    private readonly shared: SharedWindow,
    private readonly options: FailoverOptions,
    redisUp: boolean,
  ) {
    this.now = options.now ?? (() => performance.now());
    this.current = 'shared';
    if (!redisUp) this.lost();
  }

  get mode(): BudgetMode {
    return this.current;
  }

  get perSecond(): number {
    return this.local !== undefined && this.current !== 'shared' ? this.local.perSecond : this.shared.perSecond;
  }

  async reserve(maxWaitMs: number): Promise<Reservation> {
    if (this.current === 'rejoining' && this.now() - this.rejoinedAt >= this.holdMs) this.current = 'shared';
    if (this.current === 'fallback') return this.local!.reserve(maxWaitMs);
    const share = this.current === 'rejoining' ? await this.local!.reserve(maxWaitMs) : undefined;
    if (share?.granted === false) return share;
    try {
      const reservation = await this.shared.reserve(maxWaitMs, share?.waitMs ?? 0);
      this.failures = 0;
      return reservation;
    } catch {
      this.failed();
      return { granted: false, waitMs: this.options.secondMs };
    }
  }

  /** A Redis command or heartbeat failed; enough of them in a row and this instance falls back. */
  failed(): void {
    this.failures += 1;
    if (this.failures >= FAILURES_TO_FALL_BACK) this.lost();
  }

  /** Redis is gone (the connection closed, or failures in a row): this instance's share from now on. */
  lost(): void {
    if (this.current === 'fallback') return;
    this.current = 'fallback';
    const { budget, secondMs, queueMs, instances } = this.options;
    this.local = new ShareWindow(shareOf(budget, instances()), secondMs, this.now() + queueMs + secondMs, this.now);
  }

  /** Redis answered (a heartbeat): after a fallback, rejoin, keeping to the share for the hold period. */
  answered(): void {
    this.failures = 0;
    if (this.current !== 'fallback') return;
    this.current = 'rejoining';
    this.rejoinedAt = this.now();
  }

  private get holdMs(): number {
    return this.options.secondMs + this.options.queueMs + (this.options.rejoinSpreadMs ?? 0);
  }
}
