import { ErrorCode, GatewayError } from '../../errors.js';
import type { DepartureWindow } from './departure-window.js';
import { departureIntervalMs } from './pacing.js';

export interface FairSchedulerOptions {
  /**
   * A call whose expected wait is longer is refused at once; an admitted call never waits longer,
   * but for the time the window takes to answer.
   */
  maxWaitMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface Waiter {
  readonly deadline: number;
  resolve(): void;
  reject(error: Error): void;
}

/** The customer whose call holds the next departure, with the calls it has waiting behind it. */
interface InService {
  readonly customer: string;
  readonly queue: Waiter[];
}

/**
 * Hands out the key's departures (from any DepartureWindow) round-robin across customers: each
 * customer waits in its own FIFO queue, and a dispatcher serves one call per customer in turn.
 * It reserves the next departure only once the previous one is due, and the customer served
 * rejoins the rotation only then, behind customers who arrived meanwhile: so a customer arriving
 * behind another's burst takes the very next turn instead of queueing behind the whole burst.
 */
export class FairScheduler {
  /** Waiting calls per customer; the Map's order is the rotation, its first customer is served next. */
  private readonly queues = new Map<string, Waiter[]>();
  private inService: InService | undefined;
  /** The call in service has no departure yet: its reservation is under way. */
  private reserving = false;
  /** When the window's next free departure is expected, learnt from the last grant. */
  private nextSlotAt = Number.NEGATIVE_INFINITY;
  /** When this instance's last call was let go (as planned: a late timer is within the margin). */
  private lastDeparture = Number.NEGATIVE_INFINITY;
  private readonly maxWaitMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly window: DepartureWindow,
    options: FairSchedulerOptions,
  ) {
    this.maxWaitMs = options.maxWaitMs;
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * Resolves when a call of `customer` may leave. Rejects at once with UPSTREAM_RATE_LIMITED when
   * the call's turn, given the calls ahead of it in the rotation, is further away than the queue
   * allows. Rejects later only when its deadline could not be kept after all: customers who
   * arrived since took turns ahead of it, or other instances took the window's slots.
   */
  acquire(customer: string): Promise<void> {
    const now = this.now();
    const expectedWaitMs = this.expectedWaitMs(customer, now);
    if (expectedWaitMs > this.maxWaitMs) return Promise.reject(this.refusal(expectedWaitMs));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { deadline: now + this.maxWaitMs, resolve, reject };
      const queue = this.inService?.customer === customer ? this.inService.queue : this.queues.get(customer);
      if (queue === undefined) this.queues.set(customer, [waiter]);
      else queue.push(waiter);
      if (this.inService === undefined) void this.dispatch();
    });
  }

  private expectedWaitMs(customer: string, now: number): number {
    const ahead = this.callsAhead(customer) + (this.reserving ? 1 : 0);
    return Math.max(now, this.nextSlotAt) + ahead * departureIntervalMs(this.window.perSecond) - now;
  }

  /**
   * Waiting calls served before a new call of `customer`: its own queue, plus from each other
   * customer one call per round until this one's round, and one more from those ahead of it in
   * the rotation. The rotation is the waiting customers, then a new customer, then the customer
   * in service, who rejoins when its departure is due.
   */
  private callsAhead(customer: string): number {
    const inService = this.inService;
    const own = (inService?.customer === customer ? inService.queue : this.queues.get(customer))?.length ?? 0;
    let ahead = own;
    let before = true;
    const count = (other: string, waiting: number) => {
      if (other === customer) before = false;
      else ahead += Math.min(waiting, before ? own + 1 : own);
    };
    for (const [other, queue] of this.queues) count(other, queue.length);
    if (inService !== undefined) {
      if (inService.customer !== customer) before = false;
      count(inService.customer, inService.queue.length);
    }
    return ahead;
  }

  private async dispatch(): Promise<void> {
    for (let service = this.take(); service !== undefined; service = this.take()) {
      const { customer, queue, waiter } = service;
      this.inService = { customer, queue };
      const waitMs = await this.reserve(waiter);
      if (waitMs !== undefined) await this.depart(waiter, waitMs);
      this.inService = undefined;
      if (queue.length > 0) this.queues.set(customer, queue);
    }
  }

  /**
   * Waits out a granted reservation and lets the call go. A window that answers over the network
   * answers some reservations later than others, which would bunch this instance's departures
   * together: they are kept an interval apart here as well. When that pushes a call past its
   * deadline it is refused, and its slot goes unused. (The window granted its slot within the
   * deadline as of when it was asked; the time its answer took is not held against the call.)
   */
  private async depart(waiter: Waiter, waitMs: number): Promise<void> {
    const intervalMs = departureIntervalMs(this.window.perSecond);
    const now = this.now();
    const spacedAt = this.lastDeparture + intervalMs;
    if (spacedAt > now + waitMs && spacedAt > waiter.deadline) {
      waiter.reject(this.refusal(spacedAt - now));
      return;
    }
    const departAt = Math.max(now + waitMs, spacedAt);
    this.lastDeparture = departAt;
    this.nextSlotAt = departAt + intervalMs;
    if (departAt > now) await this.sleep(departAt - now);
    waiter.resolve();
  }

  /** How long until the departure the window granted, or undefined once the waiter has been refused. */
  private async reserve(waiter: Waiter): Promise<number | undefined> {
    this.reserving = true;
    try {
      const reservation = await this.window.reserve(Math.max(0, waiter.deadline - this.now()));
      if (reservation.granted) return reservation.waitMs;
      waiter.reject(this.refusal(reservation.waitMs));
    } catch (error) {
      waiter.reject(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.reserving = false;
    }
    return undefined;
  }

  /** The first customer's oldest call, taken out of the rotation with the rest of its queue. */
  private take(): { customer: string; queue: Waiter[]; waiter: Waiter } | undefined {
    for (const [customer, queue] of this.queues) {
      this.queues.delete(customer);
      const waiter = queue.shift();
      if (waiter !== undefined) return { customer, queue, waiter };
    }
    return undefined;
  }

  private refusal(waitMs: number): GatewayError {
    const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
    return new GatewayError(
      ErrorCode.UpstreamRateLimited,
      `Getty's call budget is taken up right now (the gateway keeps its Getty API key to ${formatRate(this.window.perSecond)} calls per second, shared by every customer). Try again in ${retryAfterSeconds} s.`,
      { retryAfterSeconds },
    );
  }
}

function formatRate(perSecond: number): string {
  return Number.isInteger(perSecond) ? String(perSecond) : perSecond.toFixed(2);
}
