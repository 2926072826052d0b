import { describe, expect, it } from '@jest/globals';
// The sandbox's seeded generator (mulberry32), so a failing run can be replayed.
import { createRandom as seeded } from '../../../src/sandbox/prng.js';
import type { DepartureWindow } from '../../../src/getty/budget/departure-window.js';
import { FairScheduler } from '../../../src/getty/budget/fair-scheduler.js';
import { LocalDepartureWindow } from '../../../src/getty/budget/local-departure-window.js';
import { ARRIVAL_MARGIN_MS, departureIntervalMs, GETTY_WINDOW_MS, LATE_DEPARTURE_LIMIT_MS } from '../../../src/getty/budget/pacing.js';
import { ClockOffset } from '../../../src/shared-state/redis/clock-offset.js';
import { busiestWindow, virtualTime } from './virtual-time.js';
import type { VirtualTime } from './virtual-time.js';

/**
 * One window shared by several instances, as Redis's is: it cannot move a slot once granted, so
 * it has no `departed`. It decides `decideAfterMs` into the round trip, on its own clock (ahead
 * of the instances' by an amount they do not know), and answers `answerAfterMs` later with the
 * slot on that clock, which the instance maps onto its own as RedisDepartureWindow does.
 */
function sharedWindow(inner: LocalDepartureWindow, time: VirtualTime, legs: () => [decideAfterMs: number, answerAfterMs: number]): DepartureWindow {
  const serverAheadMs = 86_400_000;
  const clock = new ClockOffset();
  return {
    perSecond: inner.perSecond,
    async reserve(maxWaitMs: number) {
      const [decide, answer] = legs();
      const sentAt = time.now();
      await time.sleep(decide);
      const decidedAt = time.now() + serverAheadMs;
      const reservation = inner.reserveNow(maxWaitMs);
      await time.sleep(answer);
      const receivedAt = time.now();
      clock.observe(decidedAt, sentAt, receivedAt);
      if (!reservation.granted) return reservation;
      return { granted: true, waitMs: clock.waitUntil(decidedAt + reservation.waitMs, receivedAt), uncertaintyMs: clock.uncertaintyMs };
    },
  };
}

interface Instance {
  scheduler: FairScheduler;
  /** When each call reached Getty: its departure from the scheduler, plus the time on the way. */
  arrivals: number[];
  waits: Array<{ customer: string; ms: number; ok: boolean }>;
}

/**
 * Instances with their own schedulers (whose timers fire late by `timerLateMs`) over one window;
 * `call` records each call's arrival at Getty, `transitMs` after the scheduler let it go.
 */
function instances(count: number, time: VirtualTime, window: DepartureWindow, timerLateMs: () => number, transitMs: () => number, maxWaitMs = 1_000) {
  const all: Instance[] = Array.from({ length: count }, () => ({
    scheduler: new FairScheduler(window, { maxWaitMs, now: time.now, sleep: (ms) => time.sleep(ms + timerLateMs()) }),
    arrivals: [],
    waits: [],
  }));
  const call = async (instance: Instance, customer: string): Promise<boolean> => {
    const asked = time.now();
    try {
      await instance.scheduler.acquire(customer);
    } catch {
      instance.waits.push({ customer, ms: time.now() - asked, ok: false });
      return false;
    }
    instance.waits.push({ customer, ms: time.now() - asked, ok: true });
    instance.arrivals.push(time.now() + transitMs());
    return true;
  };
  return { all, call };
}

/** `loops` callers per instance calling back to back (a refused caller retries after 100 ms) until `untilMs`. */
async function saturate(time: VirtualTime, all: Instance[], call: (instance: Instance, customer: string) => Promise<boolean>, loops: number, untilMs: number) {
  const runs = all.flatMap((instance, i) =>
    Array.from({ length: loops }, async () => {
      while (time.now() < untilMs) if (!(await call(instance, `heavy-${i}`))) await time.sleep(100);
    }),
  );
  await time.advanceTo(untilMs);
  await time.runAll();
  await Promise.all(runs);
}

describe('departures that leave late', () => {
  it('over a shared window, no 1 s window at Getty holds more than the budget, however late timers fire and however slowly the window answers', async () => {
    const time = virtualTime();
    const random = seeded(9);
    const inner = new LocalDepartureWindow(5, time.now);
    // Round trips mostly quick, sometimes 40-200 ms, decided anywhere in them.
    const window = sharedWindow(inner, time, () => {
      const trip = random() < 0.8 ? 2 : 40 + random() * 160;
      const decide = random() * trip;
      return [decide, trip - decide];
    });
    // Timers late by up to 300 ms (a busy machine); calls reach Getty within what the margin leaves.
    const { all, call } = instances(
      3,
      time,
      window,
      () => (random() < 0.7 ? 0 : random() * 300),
      () => random() * (ARRIVAL_MARGIN_MS - LATE_DEPARTURE_LIMIT_MS),
    );
    await saturate(time, all, call, 4, 60_000);
    const arrivals = all.flatMap((instance) => instance.arrivals);
    // Busy most of the time: slots given up cost something, but not the budget's bulk.
    expect(arrivals.length).toBeGreaterThan(150);
    expect(busiestWindow(arrivals, GETTY_WINDOW_MS)).toBeLessThanOrEqual(5);
  });

  it('gives a shared slot up when its call would leave more than the late limit after it, and books another', async () => {
    const time = virtualTime();
    const inner = new LocalDepartureWindow(5, time.now);
    let late = 0;
    const { all, call } = instances(
      1,
      time,
      sharedWindow(inner, time, () => [0, 0]),
      () => late,
      () => 0,
      5_000,
    );
    const instance = all[0]!;
    void call(instance, 'a');
    await time.advanceTo(0);
    // The next slot is an interval away; the timer fires 80 ms late, past the limit: that slot goes unused.
    late = LATE_DEPARTURE_LIMIT_MS + 30;
    const second = call(instance, 'a');
    await time.advanceTo(time.now() + 1);
    late = 0;
    await time.runAll();
    expect(await second).toBe(true);
    expect(instance.arrivals).toEqual([0, departureIntervalMs(5) * 2]);
  });

  it('over a shared window that answers slowly, gives no slot up: the round trip is not lateness, as the slot is placed on its own clock', async () => {
    const time = virtualTime();
    const random = seeded(5);
    // Every round trip longer than the late limit, the first one quick.
    let trips = 0;
    const window = sharedWindow(new LocalDepartureWindow(5, time.now), time, () => {
      trips += 1;
      const trip = trips === 1 ? 1 : LATE_DEPARTURE_LIMIT_MS + 20 + random() * 60;
      const decide = random() * trip;
      return [decide, trip - decide];
    });
    const { all, call } = instances(
      3,
      time,
      window,
      () => 0,
      () => 0,
    );
    await saturate(time, all, call, 4, 20_000);
    const arrivals = all.flatMap((instance) => instance.arrivals);
    // Every slot of the 20 s used, but the first few while the instances start booking.
    expect(arrivals.length).toBeGreaterThanOrEqual(Math.floor(20_000 / departureIntervalMs(5)) - 3);
    expect(busiestWindow(arrivals, GETTY_WINDOW_MS)).toBeLessThanOrEqual(5);
  });

  it('over its own window, spaces each departure from when the last one really left, without giving slots up', async () => {
    const time = virtualTime();
    const random = seeded(4);
    const window = new LocalDepartureWindow(5, time.now);
    const { all, call } = instances(
      1,
      time,
      window,
      () => (random() < 0.5 ? 0 : random() * 400),
      () => 0,
    );
    await saturate(time, all, call, 6, 30_000);
    const departures = all[0]!.arrivals.sort((a, b) => a - b);
    const gaps = departures.slice(1).map((at, i) => at - departures[i]!);
    expect(departures.length).toBeGreaterThan(60);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(departureIntervalMs(5));
  });

  it('across instances sharing one window, a light customer waits about one departure per instance, not behind the heavy queues', async () => {
    const time = virtualTime();
    const random = seeded(12);
    const window = sharedWindow(new LocalDepartureWindow(5, time.now), time, () => [1, 1]);
    const { all, call } = instances(
      3,
      time,
      window,
      () => 0,
      () => 0,
    );
    const heavy = saturate(time, all, call, 4, 20_000);
    const light = (async () => {
      for (let k = 0; time.now() < 19_000; k += 1) {
        await time.sleep(700 + random() * 600);
        await call(all[k % 3]!, 'light');
      }
    })();
    await Promise.all([heavy, light]);
    const lightWaits = all.flatMap((instance) => instance.waits.filter((w) => w.customer === 'light'));
    expect(lightWaits.length).toBeGreaterThan(10);
    expect(lightWaits.every((w) => w.ok)).toBe(true);
    // Each instance holds at most one booked departure: the light call's instance gets its turn
    // within one departure per instance (3), plus the round trips.
    expect(Math.max(...lightWaits.map((w) => w.ms))).toBeLessThanOrEqual(3 * departureIntervalMs(5) + 2 * 2);
  });
});
