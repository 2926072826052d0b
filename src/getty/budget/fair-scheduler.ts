import { ErrorCode, GatewayError } from '../../errors.js';
import type { DepartureWindow } from './departure-window.js';
import { departureIntervalMs, LATE_DEPARTURE_LIMIT_MS } from './pacing.js';

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

/**
 * A slot granted by the window: when to leave, the earliest the window may have meant, and the
 * same slot as of when the window was asked (its answer's time not counted), to judge deadlines by.
 */
interface Slot {
  readonly departAt: number;
  readonly earliest: number;
  readonly asAsked: number;
  readonly askedAt: number;
}

/** How long the dispatcher waits after a reservation failed (a slow or lost Redis) before booking again. */
const FAILED_BOOKING_PAUSE_MS = 50;
/** Less than any gap between two departures: a rank just ahead of the last one served. */
const JUST_AHEAD_MS = 0.001;

/**
 * Hands out the key's departures (from any DepartureWindow) round-robin across customers: each
 * customer waits in its own FIFO queue, and the rotation serves one call per customer in turn.
 * The customer served goes to the end, and a customer arriving joins just ahead of the customer
 * served last (behind every other waiting customer, in the order they came), and keeps that place
 * while it waits. A customer's place never depends on when it was served before: ranked by
 * that, every customer last served long ago would go ahead of one that arrived before it, and
 * with enough of them coming back (callers cycling tokens) it would wait out its whole queue time.
 * The scheduler books one departure at a time and gives it, when it is due, to the customer
 * first in the rotation then.
 * So a customer arriving behind another's burst takes the very next departure, even one booked
 * before it arrived, which keeps it fair across instances too: each instance holds one booked
 * departure at most, and the shared window grants them in arrival order.
 */
export class FairScheduler {
  /** Waiting calls per customer; the Map's order is the rotation, its first customer is served next. */
  private readonly queues = new Map<string, Waiter[]>();
  /**
   * Each waiting customer's place in the rotation, fixed when it joined (or was last served): read
   * anew, "just ahead of the customer served last" would move with every departure, and customers
   * joining later would keep going ahead of it.
   */
  private readonly ranks = new Map<string, number>();
  /** When the last call left, and whose it was. */
  private latestServed = Number.NEGATIVE_INFINITY;
  private servedLast: string | undefined;
  private dispatching = false;
  /** When the next departure is expected: the booked one, or one interval after the last. */
  private nextSlotAt = Number.NEGATIVE_INFINITY;
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
      this.enqueue(customer, waiter);
      // A shared window may serve this instance slower than estimated: a call still waiting at its
      // deadline (and a timer's lateness more, so that a departure due at the deadline wins) is refused then.
      void this.sleep(this.maxWaitMs + LATE_DEPARTURE_LIMIT_MS).then(() => {
        if (this.remove(waiter)) reject(this.refusal(this.maxWaitMs));
      });
      if (!this.dispatching) void this.dispatch();
    });
  }

  /**
   * A customer's place in the rotation: the one it was given when it joined, else where it would
   * join now: just ahead of the customer served last (a turn ahead of a burst, never ahead of
   * other waiters); the customer served last itself goes behind anyone joining before the next
   * departure.
   */
  private rankOf(customer: string): number {
    return this.ranks.get(customer) ?? (customer === this.servedLast ? this.latestServed : this.latestServed - JUST_AHEAD_MS);
  }

  /** Adds a call to its customer's queue; a customer not waiting yet joins the rotation at its rank. */
  private enqueue(customer: string, waiter: Waiter): void {
    const queue = this.queues.get(customer);
    if (queue !== undefined) {
      queue.push(waiter);
      return;
    }
    const rotation = [...this.queues];
    const place = this.placeOf(customer, rotation);
    this.ranks.set(customer, this.rankOf(customer));
    if (place === rotation.length) {
      this.queues.set(customer, [waiter]);
      return;
    }
    rotation.splice(place, 0, [customer, [waiter]]);
    this.queues.clear();
    for (const [other, calls] of rotation) this.queues.set(other, calls);
  }

  /** Where a customer not waiting yet would join the rotation: behind those that joined before it. */
  private placeOf(customer: string, rotation: ReadonlyArray<readonly [string, Waiter[]]>): number {
    const rank = this.rankOf(customer);
    const place = rotation.findIndex(([other]) => this.rankOf(other) > rank);
    return place === -1 ? rotation.length : place;
  }

  private expectedWaitMs(customer: string, now: number): number {
    return Math.max(now, this.nextSlotAt) + this.callsAhead(customer) * departureIntervalMs(this.window.perSecond) - now;
  }

  /**
   * Waiting calls served before a new call of `customer`: its own queue, plus from each other
   * customer one call per round until this one's round, and one more from those ahead of it in
   * the rotation.
   */
  private callsAhead(customer: string): number {
    const rotation = [...this.queues];
    const own = this.queues.get(customer)?.length ?? 0;
    const place = own > 0 ? rotation.findIndex(([other]) => other === customer) : this.placeOf(customer, rotation);
    let ahead = own;
    rotation.forEach(([other, queue], index) => {
      if (other !== customer) ahead += Math.min(queue.length, index < place ? own + 1 : own);
    });
    return ahead;
  }

  private async dispatch(): Promise<void> {
    this.dispatching = true;
    try {
      for (let head = this.first(); head !== undefined; head = this.first()) {
        const slot = await this.book(head);
        if (slot !== undefined) await this.depart(slot);
      }
    } finally {
      this.dispatching = false;
    }
  }

  /**
   * Books the next departure for whoever is first in the rotation when it is due, within the
   * deadline of the call first now. Never early: the wait counts from the window's answer, and
   * the slot may be as much sooner as the window is unsure of. Undefined when the call first now
   * was refused, or the reservation failed.
   */
  private async book(head: Waiter): Promise<Slot | undefined> {
    const asked = this.now();
    try {
      const reservation = await this.window.reserve(Math.max(0, head.deadline - asked));
      if (!reservation.granted) {
        this.remove(head);
        head.reject(this.refusal(reservation.waitMs));
        return undefined;
      }
      const departAt = this.now() + reservation.waitMs;
      this.nextSlotAt = departAt;
      const earliest = departAt - reservation.uncertaintyMs;
      return { departAt, earliest, asAsked: asked + reservation.waitMs - reservation.uncertaintyMs, askedAt: asked };
    } catch {
      // Its slot is unknown (it may or may not be booked), so it is not used; the calls keep
      // waiting, and the next booking is tried after a pause, while their deadlines allow.
      await this.sleep(FAILED_BOOKING_PAUSE_MS);
      return undefined;
    }
  }

  /**
   * Waits for the slot and gives it to the customer first in the rotation, refusing on the way
   * any call whose deadline has passed. A window that can move its later slots is told how late
   * the call left. One that cannot (shared with other instances) has its slot given up, unused,
   * when the call would leave more than the late limit after the window may have meant it:
   * Getty could see it too close to the next slot, perhaps another instance's. The dispatcher
   * then books another.
   */
  private async depart(slot: Slot): Promise<void> {
    const waitMs = slot.departAt - this.now();
    if (waitMs > 0) await this.sleep(waitMs);
    const now = this.now();
    const lateMs = now - slot.earliest;
    if (this.window.departed === undefined && lateMs > LATE_DEPARTURE_LIMIT_MS) return;
    for (let waiter = this.take(); waiter !== undefined; waiter = this.take()) {
      // Judged as the window was asked (within the deadline as of then): the time its answer took is not held against the call.
      if (slot.asAsked > Math.max(slot.askedAt, waiter.deadline)) {
        waiter.reject(this.refusal(slot.asAsked - waiter.deadline));
        continue;
      }
      this.window.departed?.(lateMs);
      this.nextSlotAt = now + departureIntervalMs(this.window.perSecond);
      waiter.resolve();
      return;
    }
  }

  /** The oldest call of the customer first in the rotation. */
  private first(): Waiter | undefined {
    for (const queue of this.queues.values()) return queue[0];
    return undefined;
  }

  /** Takes the first customer's oldest call; the customer, served now, goes to the rotation's end if it has more. */
  private take(): Waiter | undefined {
    for (const [customer, queue] of this.queues) {
      this.queues.delete(customer);
      this.ranks.delete(customer);
      const waiter = queue.shift();
      if (waiter !== undefined) {
        this.latestServed = this.now();
        this.servedLast = customer;
      }
      if (queue.length > 0) {
        this.queues.set(customer, queue);
        this.ranks.set(customer, this.rankOf(customer));
      }
      if (waiter !== undefined) return waiter;
    }
    return undefined;
  }

  /** Takes a refused call out of its queue; false when it is no longer waiting. */
  private remove(waiter: Waiter): boolean {
    for (const [customer, queue] of this.queues) {
      const index = queue.indexOf(waiter);
      if (index === -1) continue;
      queue.splice(index, 1);
      if (queue.length === 0) {
        this.queues.delete(customer);
        this.ranks.delete(customer);
      }
      return true;
    }
    return false;
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
