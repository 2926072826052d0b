import { describe, expect, it } from '@jest/globals';
// The sandbox's seeded generator (mulberry32), so a failing run can be replayed.
import { createRandom as seeded } from '../../../src/sandbox/prng.js';
import { LocalDepartureWindow } from '../../../src/getty/budget/local-departure-window.js';
import { ARRIVAL_MARGIN_MS, GETTY_WINDOW_MS } from '../../../src/getty/budget/pacing.js';
import { busiestWindow } from './virtual-time.js';

describe('LocalDepartureWindow', () => {
  it('never grants more than the budget in any window, margin included, whatever the arrivals', () => {
    for (const perSecond of [1, 2, 5, 7, 50]) {
      let now = 0;
      const window = new LocalDepartureWindow(perSecond, () => now);
      const random = seeded(perSecond);
      const departures: number[] = [];
      for (let call = 0; call < 400; call += 1) {
        // Bursts and lulls: most calls arrive together, some after a pause.
        now += random() < 0.95 ? 0 : random() * 3_000;
        const reservation = window.reserveNow(10_000);
        if (reservation.granted) departures.push(now + reservation.waitMs);
      }
      expect(departures.length).toBeGreaterThan(20);
      expect(busiestWindow(departures, GETTY_WINDOW_MS + ARRIVAL_MARGIN_MS)).toBe(perSecond);
    }
  });

  it('lets a call leave at once when the key is idle, then spaces the next ones evenly', () => {
    let now = 0;
    const window = new LocalDepartureWindow(5, () => now);
    expect([1, 2, 3].map(() => window.reserveNow(5_000))).toEqual([
      { granted: true, waitMs: 0, uncertaintyMs: 0 },
      { granted: true, waitMs: 240, uncertaintyMs: 0 },
      { granted: true, waitMs: 480, uncertaintyMs: 0 },
    ]);
    now = 2_000;
    expect(window.reserveNow(0)).toEqual({ granted: true, waitMs: 0, uncertaintyMs: 0 });
  });

  it('refuses a departure further away than the caller may wait, and books nothing for it', async () => {
    let now = 0;
    const window = new LocalDepartureWindow(2, () => now);
    await window.reserve(1_000);
    expect(await window.reserve(600)).toEqual({ granted: true, waitMs: 600, uncertaintyMs: 0 });
    expect(await window.reserve(1_000)).toEqual({ granted: false, waitMs: 1_200 });
    now = 200;
    expect(await window.reserve(1_000)).toEqual({ granted: true, waitMs: 1_000, uncertaintyMs: 0 });
  });

  it('rejects a budget that is not a positive number', () => {
    expect(() => new LocalDepartureWindow(0)).toThrow(RangeError);
    expect(() => new LocalDepartureWindow(Number.NaN)).toThrow(RangeError);
  });
});
