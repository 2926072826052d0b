import type { DepartureWindow, Reservation } from '../getty/budget/departure-window.js';
import { ShareWindow, shareOf } from './memory/share-window.js';

/** The budget on Redis: reserves like any window, and books departures already made elsewhere. */
export interface SharedWindow extends DepartureWindow {
  record(waitMs: number): Promise<void>;
}

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
  now?: () => number;
}

/**
 * The budget as one window, whatever Redis does. Shared: Redis's window. Redis fails or is
 * slow: this instance's share (budget ÷ instances last seen), opening only once every slot
 * Redis may have granted is out of the window, so the switch itself cannot overshoot. Redis
 * back: the share stays in force for a window and a queue more while each departure is also
 * booked on Redis, so instances that return a little later still find the budget respected;
 * then Redis's window again.
 */
export class FailoverDepartureWindow implements DepartureWindow {
  private current: BudgetMode;
  private local: ShareWindow | undefined;
  private rejoinedAt = 0;
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
    if (this.current === 'shared') {
      try {
        return await this.shared.reserve(maxWaitMs);
      } catch {
        this.lost();
      }
    }
    const reservation = await this.local!.reserve(maxWaitMs);
    if (reservation.granted && this.current === 'rejoining') {
      this.shared.record(reservation.waitMs).catch(() => this.lost());
    }
    return reservation;
  }

  /** Redis failed (a command, the connection or a heartbeat): this instance's share from now on. */
  lost(): void {
    if (this.current === 'fallback') return;
    this.current = 'fallback';
    const { budget, secondMs, queueMs, instances } = this.options;
    this.local = new ShareWindow(shareOf(budget, instances()), secondMs, this.now() + queueMs + secondMs, this.now);
  }

  /** Redis answered again (a heartbeat): rejoin, keeping the share for the hold period. */
  answered(): void {
    if (this.current !== 'fallback') return;
    this.current = 'rejoining';
    this.rejoinedAt = this.now();
  }

  private get holdMs(): number {
    return this.options.secondMs + this.options.queueMs;
  }
}
