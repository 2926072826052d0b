import { describe, expect, it } from '@jest/globals';
import type { Reservation } from '../../src/getty/budget/departure-window.js';
import { FailoverDepartureWindow } from '../../src/shared-state/failover-window.js';
import type { SharedWindow } from '../../src/shared-state/failover-window.js';
import { ShareWindow, shareOf } from '../../src/shared-state/memory/share-window.js';

/** The shared window as the failover sees it: it answers, or it throws as a failed Redis command does. */
class SharedStandIn implements SharedWindow {
  readonly perSecond = 5;
  failing = false;
  notBefore: number[] = [];
  async reserve(_maxWaitMs: number, notBeforeMs = 0): Promise<Reservation> {
    if (this.failing) throw new Error('Command timed out');
    this.notBefore.push(notBeforeMs);
    return { granted: true, waitMs: notBeforeMs, uncertaintyMs: 0 };
  }
}

describe('shareOf', () => {
  it.each([
    [5, 1, { count: 5, seconds: 1 }],
    [5, 3, { count: 1, seconds: 1 }],
    [10, 3, { count: 3, seconds: 1 }],
    [5, 12, { count: 1, seconds: 3 }],
  ])('budget %i over %i instances never sums above the budget', (budget, instances, share) => {
    expect(shareOf(budget, instances)).toEqual(share);
    expect((share.count / share.seconds) * instances).toBeLessThanOrEqual(budget);
  });
});

describe('ShareWindow', () => {
  it('opens at notBefore, then allows count departures per window', async () => {
    let now = 0;
    const window = new ShareWindow({ count: 2, seconds: 1 }, 1_000, 500, () => now);
    expect(await window.reserve(100)).toEqual({ granted: false, waitMs: 500 });
    expect(await window.reserve(600)).toEqual({ granted: true, waitMs: 500, uncertaintyMs: 0 });
    expect(await window.reserve(600)).toEqual({ granted: true, waitMs: 500, uncertaintyMs: 0 });
    expect(await window.reserve(600)).toEqual({ granted: false, waitMs: 1_500 });
    now = 1_500;
    expect(await window.reserve(0)).toEqual({ granted: true, waitMs: 0, uncertaintyMs: 0 });
  });
});

describe('FailoverDepartureWindow', () => {
  it('uses Redis while it answers, throws when a reservation failed (its slot is unknown), falls back after failures in a row, and rejoins', async () => {
    let now = 0;
    const shared = new SharedStandIn();
    const window = new FailoverDepartureWindow(shared, { budget: 5, secondMs: 1_000, queueMs: 1_000, instances: () => 3, sharingForMs: 0, now: () => now }, true);
    expect(await window.reserve(1_000)).toEqual({ granted: true, waitMs: 0, uncertaintyMs: 0 });

    shared.failing = true;
    await expect(window.reserve(1_000)).rejects.toThrow('Command timed out');
    expect(window.mode).toBe('shared');
    await expect(window.reserve(1_000)).rejects.toThrow();
    await expect(window.reserve(1_000)).rejects.toThrow();
    expect(window.mode).toBe('fallback');
    expect(window.perSecond).toBe(1);
    // The share opens once every slot Redis may have granted (up to the queue ahead) has left the window.
    expect(await window.reserve(1_000)).toEqual({ granted: false, waitMs: 2_000 });
    now = 2_000;
    expect(await window.reserve(0)).toEqual({ granted: true, waitMs: 0, uncertaintyMs: 0 });
    expect(await window.reserve(500)).toEqual({ granted: false, waitMs: 1_000 });

    shared.failing = false;
    window.answered();
    expect(window.mode).toBe('rejoining');
    now = 2_500;
    // Rejoining: the share's slot (500 ms away), booked on Redis no sooner than that.
    expect(await window.reserve(1_000)).toEqual({ granted: true, waitMs: 500, uncertaintyMs: 0 });
    expect(shared.notBefore.at(-1)).toBe(500);
    now = 4_500;
    await window.reserve(0);
    expect(window.mode).toBe('shared');
    expect(shared.notBefore.at(-1)).toBe(0);
  });

  it('starts on its share when Redis is down at start-up', async () => {
    const window = new FailoverDepartureWindow(new SharedStandIn(), { budget: 6, secondMs: 1_000, queueMs: 0, instances: () => 2, sharingForMs: 0, now: () => 0 }, false);
    expect(window.mode).toBe('fallback');
    expect(window.perSecond).toBe(3);
  });
});
