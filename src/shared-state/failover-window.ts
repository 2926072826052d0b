import type { DepartureWindow, Reservation } from '../getty/budget/departure-window.js';
import { ShareWindow, shareOf } from './memory/share-window.js';

/** The budget on Redis: reserves like any window, optionally no sooner than `notBeforeMs` from now. */
export interface SharedWindow extends DepartureWindow {
  reserve(maxWaitMs: number, notBeforeMs?: number): Promise<Reservation>;
}

/**
 * Redis failures in a row (commands or heartbeats) that make an instance fall back. One slow
 * command is not enough: on a busy machine a 100 ms timeout also catches event-loop stalls.
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
  /** Instances spending the budget (Redis's members) as last counted by the heartbeat. */
  instances: () => number;
  /** How long Redis may go on counting an instance as sharing after its heartbeat last said so (sent, maybe late). */
  sharingForMs: number;
  now?: () => number;
}

/**
 * The budget as one window, whatever Redis does; correct by construction across the switches.
 * Redis paces its schedule at budget × sharing ÷ members (RedisDepartureWindow), and each
 * instance keeps this rule: while it is not counted as sharing, it spends at most its share
 * (budget ÷ members) outside Redis's schedule in any window. So the instances off the schedule
 * spend at most what the schedule leaves them, whichever of them have noticed what.
 *
 * - Shared: Redis's window alone. A reservation that fails throws (its slot is unknown): no call
 *   is sent on it.
 * - Fallback (the connection closed, or failures in a row): this instance's share in-process,
 *   opening only once Redis has stopped counting it as sharing and every slot granted at that
 *   pace (up to a queue ahead) is out of the window.
 * - Rejoining (a heartbeat answered): every departure keeps to the share, which still holds the
 *   fallback's departures, and is booked on Redis too; the heartbeat announces the instance as
 *   a member but not sharing, and restores the members it knew (a restarted Redis forgot them),
 *   so those not back yet keep their share of the budget. After a window and a queue, no
 *   departure of the fallback is left in any window: the instance is sharing from then on.
 */
export class FailoverDepartureWindow implements DepartureWindow {
  private current: BudgetMode;
  private local: ShareWindow | undefined;
  private rejoinedAt = 0;
  /** When a heartbeat last set out to announce this instance as sharing (whether or not it answered). */
  private lastSharingBeat = Number.NEGATIVE_INFINITY;
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
    if (this.current === 'rejoining' && this.now() - this.rejoinedAt >= this.options.secondMs + this.options.queueMs) this.current = 'shared';
    return this.current;
  }

  get perSecond(): number {
    return this.local !== undefined && this.mode !== 'shared' ? this.local.perSecond : this.shared.perSecond;
  }

  async reserve(maxWaitMs: number): Promise<Reservation> {
    const mode = this.mode;
    if (mode === 'fallback') return this.local!.reserve(maxWaitMs);
    const share = mode === 'rejoining' ? await this.local!.reserve(maxWaitMs) : undefined;
    if (share?.granted === false) return share;
    try {
      const reservation = await this.shared.reserve(maxWaitMs, share?.waitMs ?? 0);
      this.failures = 0;
      return reservation;
    } catch (error) {
      this.failed();
      throw error;
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
    const { budget, secondMs, queueMs, instances, sharingForMs } = this.options;
    const opensAt = Math.max(this.now(), this.lastSharingBeat + sharingForMs) + queueMs + secondMs;
    this.local = new ShareWindow(shareOf(budget, instances()), secondMs, opensAt, this.now);
  }

  /** What the heartbeat about to leave says: sharing only in shared mode, after any rejoining is over. */
  announce(): boolean {
    const sharing = this.mode === 'shared';
    if (sharing) this.lastSharingBeat = this.now();
    return sharing;
  }

  /** A heartbeat answered: after a fallback, rejoin. */
  answered(): void {
    this.failures = 0;
    if (this.current !== 'fallback') return;
    this.current = 'rejoining';
    this.rejoinedAt = this.now();
  }
}
