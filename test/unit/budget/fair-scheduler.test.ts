import { describe, expect, it } from '@jest/globals';
import { GatewayError } from '../../../src/errors.js';
import type { DepartureWindow, Reservation } from '../../../src/getty/budget/departure-window.js';
import { FairScheduler } from '../../../src/getty/budget/fair-scheduler.js';
import { LocalDepartureWindow } from '../../../src/getty/budget/local-departure-window.js';
import { ARRIVAL_MARGIN_MS, departureIntervalMs, GETTY_WINDOW_MS } from '../../../src/getty/budget/pacing.js';
import { busiestWindow, virtualTime } from './virtual-time.js';
import type { VirtualTime } from './virtual-time.js';

/** The gap between departures at 5 calls per second. */
const INTERVAL = departureIntervalMs(5);

interface Departure {
  customer: string;
  at: number;
  waitedMs: number;
}

/** A scheduler over a local window on virtual time, recording each call's departure or refusal. */
function harness(perSecond: number, maxWaitMs: number, wrap: (window: LocalDepartureWindow, time: VirtualTime) => DepartureWindow = (w) => w) {
  const time = virtualTime();
  const scheduler = new FairScheduler(wrap(new LocalDepartureWindow(perSecond, time.now), time), { maxWaitMs, now: time.now, sleep: time.sleep });
  const departures: Departure[] = [];
  const refusals: Array<{ customer: string; at: number; error: unknown }> = [];
  const call = (customer: string): Promise<boolean> => {
    const asked = time.now();
    return scheduler.acquire(customer).then(
      () => {
        departures.push({ customer, at: time.now(), waitedMs: time.now() - asked });
        return true;
      },
      (error: unknown) => {
        refusals.push({ customer, at: time.now(), error });
        return false;
      },
    );
  };
  return { time, scheduler, departures, refusals, call };
}

describe('FairScheduler', () => {
  it('serves waiting calls round-robin across customers, each customer in its own order', async () => {
    const { time, departures, call } = harness(5, 10_000);
    for (const customer of ['a', 'a', 'a', 'a', 'b', 'b', 'c']) void call(customer);
    await time.runAll();
    expect(departures.map((d) => d.customer).join('')).toBe('abcabaa');
    expect(departures.map((d) => d.at)).toEqual([0, 1, 2, 3, 4, 5, 6].map((n) => n * INTERVAL));
  });

  it("keeps every customer's calls together within the budget in any window", async () => {
    const { time, departures, refusals, call } = harness(5, 3_000);
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let step = 0; step < 300; step += 1) {
      void call(`customer-${Math.floor(random() * 6)}`);
      if (random() < 0.3) await time.advanceTo(time.now() + random() * 400);
    }
    await time.runAll();
    expect(departures.length).toBeGreaterThan(80);
    expect(refusals.length).toBeGreaterThan(0);
    expect(
      busiestWindow(
        departures.map((d) => d.at),
        GETTY_WINDOW_MS + ARRIVAL_MARGIN_MS,
      ),
    ).toBe(5);
    expect(Math.max(...departures.map((d) => d.waitedMs))).toBeLessThanOrEqual(3_000);
  });

  it('lets a light customer through within (customers waiting) departures while a heavy one keeps 50 calls queued', async () => {
    const { time, departures, call } = harness(5, 60_000);
    let heavyRunning = true;
    const heavy = async (): Promise<void> => {
      while (heavyRunning) await call('heavy');
    };
    const heavyLoops = Array.from({ length: 50 }, () => heavy());
    const lightWaits: number[] = [];
    for (let k = 0; k < 40; k += 1) {
      await time.advanceTo(time.now() + 37 + ((k * 53) % 300));
      const asked = time.now();
      const light = call('light').then(() => lightWaits.push(time.now() - asked));
      await time.advanceTo(time.now() + 1_000);
      await light;
    }
    heavyRunning = false;
    await time.runAll();
    await Promise.all(heavyLoops);
    // Two customers waiting: the light call leaves within two departure intervals.
    expect(Math.max(...lightWaits)).toBeLessThanOrEqual(2 * INTERVAL);
    expect(lightWaits).toHaveLength(40);
    // Meanwhile the heavy customer kept the budget busy: its calls waited up to its whole queue.
    expect(Math.max(...departures.filter((d) => d.customer === 'heavy').map((d) => d.waitedMs))).toBeGreaterThan(5_000);
  });

  it('serves a new customer in its turn while customers served before it keep coming back between departures', async () => {
    const { time, call } = harness(5, 60_000);
    let running = true;
    // Each regular sends its next call a little after its last one left (the Getty call, the
    // response, the client's next request): by then others have left, so it was not served last.
    const regular = async (customer: string): Promise<void> => {
      while (running) {
        await call(customer);
        await time.sleep(1.5 * INTERVAL);
      }
    };
    const regulars = ['a', 'b', 'c', 'd', 'e', 'f'].map((customer) => regular(customer));
    await time.advanceTo(10 * INTERVAL);
    const asked = time.now();
    let waited: number | undefined;
    void call('new').then(() => (waited = time.now() - asked));
    await time.advanceTo(time.now() + 40 * INTERVAL);
    running = false;
    await time.runAll();
    await Promise.all(regulars);
    // Seven customers: the new one leaves within seven departures, not only once the regulars stop.
    expect(waited).toBeLessThanOrEqual(7 * INTERVAL);
  });

  it('serves a new customer in its turn while customers last served long ago keep arriving ahead of it', async () => {
    const { time, call } = harness(5, 60_000);
    // A pool of customers, each served once a while ago, then coming back one after another (as
    // callers with a token each, cycled): every one was last served before the new customer arrives.
    const pool = Array.from({ length: 40 }, (_, n) => `pool-${n}`);
    for (const customer of pool) void call(customer);
    await time.runAll();
    let running = true;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (running) {
        await call(pool[next++ % pool.length]!);
        await time.sleep(1.5 * INTERVAL);
      }
    };
    const workers = Array.from({ length: 6 }, () => worker());
    await time.advanceTo(time.now() + 10 * INTERVAL);
    const asked = time.now();
    let waited: number | undefined;
    void call('new').then(() => (waited = time.now() - asked));
    await time.advanceTo(time.now() + 60 * INTERVAL);
    running = false;
    await time.runAll();
    await Promise.all(workers);
    // At most six others waiting: the new one leaves within seven departures.
    expect(waited).toBeLessThanOrEqual(7 * INTERVAL);
  });

  it("bounds a light customer's wait by the number of customers waiting, not by their queues", async () => {
    const { time, call } = harness(5, 60_000);
    for (let n = 0; n < 30; n += 1) {
      void call('heavy-1');
      void call('heavy-2');
      void call('heavy-3');
    }
    await time.advanceTo(1_000);
    const asked = time.now();
    let waited: number | undefined;
    void call('light').then(() => (waited = time.now() - asked));
    await time.runAll();
    expect(waited).toBeGreaterThan(0);
    expect(waited).toBeLessThanOrEqual(4 * INTERVAL);
  });

  it('admits a call whose turn is within the queue bound and refuses, at once, one beyond it', async () => {
    const { time, departures, refusals, call } = harness(5, 2 * INTERVAL);
    for (let n = 0; n < 4; n += 1) void call('a');
    await time.advanceTo(0);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]?.at).toBe(0);
    const error = refusals[0]?.error;
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).extensions).toEqual({ code: 'UPSTREAM_RATE_LIMITED', retryAfterSeconds: 1 });
    await time.runAll();
    expect(departures.map((d) => d.waitedMs)).toEqual([0, INTERVAL, 2 * INTERVAL]);
  });

  it('with no queue at all, lets a call go when the key is free (however long the window takes to say so) and refuses it otherwise', async () => {
    const answersIn1Ms = (window: LocalDepartureWindow, time: VirtualTime): DepartureWindow => ({
      perSecond: window.perSecond,
      async reserve(maxWaitMs: number) {
        const reservation = window.reserveNow(maxWaitMs);
        await time.sleep(1);
        // The wait counted from the decision, a round trip before the answer.
        return reservation.granted ? { ...reservation, uncertaintyMs: 1 } : reservation;
      },
    });
    const { time, departures, refusals, call } = harness(5, 0, answersIn1Ms);
    const calls = [call('a')];
    await time.advanceTo(10);
    calls.push(call('b'));
    await time.advanceTo(300);
    calls.push(call('b'));
    await time.runAll();
    expect(await Promise.all(calls)).toEqual([true, false, true]);
    expect(departures.map((d) => [d.customer, d.at])).toEqual([
      ['a', 1],
      ['b', 301],
    ]);
    expect(refusals.map((r) => [r.customer, r.at])).toEqual([['b', 10]]);
  });

  it('says how long to wait in retryAfterSeconds, rounded up to whole seconds', async () => {
    const { time, refusals, call } = harness(1, 2_500);
    for (let n = 0; n < 4; n += 1) void call('a');
    await time.advanceTo(0);
    // Departures 1,200 ms apart: the fourth would wait 3,600 ms.
    expect(refusals.map((r) => (r.error as GatewayError).extensions.retryAfterSeconds)).toEqual([4]);
    await time.runAll();
  });

  it('never refuses a caller that sends one call at a time, however fast', async () => {
    const { time, departures, refusals, call } = harness(5, 1_000);
    for (let n = 0; n < 100; n += 1) {
      const done = call('pager');
      await time.advanceTo(time.now() + 1);
      await time.runUntil(done);
      await done;
    }
    expect(refusals).toHaveLength(0);
    expect(departures).toHaveLength(100);
    expect(
      busiestWindow(
        departures.map((d) => d.at),
        GETTY_WINDOW_MS + ARRIVAL_MARGIN_MS,
      ),
    ).toBe(5);
  });

  it('works over a window whose reservations are asynchronous and sometimes slow', async () => {
    const slowEvery = (window: LocalDepartureWindow, time: VirtualTime): DepartureWindow => {
      let calls = 0;
      return {
        perSecond: window.perSecond,
        departed: (lateMs: number) => window.departed(lateMs),
        async reserve(maxWaitMs: number): Promise<Reservation> {
          calls += 1;
          // Like a round trip to a server: the slot is decided halfway, the answer arrives later.
          const leg = calls % 7 === 0 ? 150 : 2;
          await time.sleep(leg);
          const reservation = window.reserveNow(maxWaitMs);
          await time.sleep(leg);
          // The wait counted from the decision, somewhere in the round trip, as a window on a server that does not know this clock.
          return reservation.granted ? { ...reservation, uncertaintyMs: 2 * leg } : reservation;
        },
      };
    };
    const { time, departures, refusals, call } = harness(5, 1_500, slowEvery);
    for (let step = 0; step < 120; step += 1) {
      void call(step % 4 === 0 ? 'light' : 'heavy');
      await time.advanceTo(time.now() + (step % 5) * 40);
    }
    await time.runAll();
    expect(departures.length + refusals.length).toBe(120);
    // Each slow answer's call leaves late, and the next departure is spaced from when it really left.
    expect(departures.length).toBeGreaterThan(30);
    expect(refusals.every((r) => r.error instanceof GatewayError && r.error.code === 'UPSTREAM_RATE_LIMITED')).toBe(true);
    expect(
      busiestWindow(
        departures.map((d) => d.at),
        GETTY_WINDOW_MS + ARRIVAL_MARGIN_MS,
      ),
    ).toBeLessThanOrEqual(5);
    // The queue bound, plus the slowest answer's two legs.
    expect(Math.max(...departures.map((d) => d.waitedMs))).toBeLessThanOrEqual(1_500 + 2 * 150);
    // The light customer asks for more than half the budget: it gets its half, the round-robin's share.
    expect(departures.filter((d) => d.customer === 'light').length).toBeGreaterThanOrEqual(Math.floor(departures.length / 2));
  });

  it('books again after a reservation failed, for the same call, and serves everyone', async () => {
    let failNext = true;
    const { time, departures, refusals, call } = harness(5, 5_000, (window) => ({
      perSecond: window.perSecond,
      reserve: (maxWaitMs: number) => {
        if (failNext) {
          failNext = false;
          return Promise.reject(new Error('window unavailable'));
        }
        return window.reserve(maxWaitMs);
      },
    }));
    void call('a');
    void call('b');
    await time.runAll();
    expect(refusals).toEqual([]);
    expect(departures.map((d) => [d.customer, d.at])).toEqual([
      ['a', 50],
      ['b', 50 + INTERVAL],
    ]);
  });
});
