import { describe, expect, it } from '@jest/globals';
import { ClockOffset } from '../../src/shared-state/redis/clock-offset.js';

/** The server's clock is this far ahead of the local one in these tests. */
const AHEAD = 5_000;

describe('ClockOffset', () => {
  it('is as unsure as the one round trip it has seen, and never maps a server instant early', () => {
    const clock = new ClockOffset();
    // Sent at 100, read by the server at local 130, answered at 160.
    clock.observe(130 + AHEAD, 100, 160);
    expect(clock.uncertaintyMs).toBe(60);
    // The server's instant 1,000 (local) is surely past by local 1,030: the reading may have been taken as late as 160.
    expect(clock.waitUntil(1_000 + AHEAD, 160)).toBe(870);
    expect(160 + clock.waitUntil(1_000 + AHEAD, 160)).toBeGreaterThanOrEqual(1_000);
  });

  it('narrows to the quickest round trip seen, however slow the later ones are', () => {
    const clock = new ClockOffset(0);
    clock.observe(130 + AHEAD, 100, 160);
    clock.observe(200.2 + AHEAD, 200, 200.5);
    clock.observe(400 + AHEAD, 300, 500);
    expect(clock.uncertaintyMs).toBeCloseTo(0.5, 6);
    expect(clock.waitUntil(1_000 + AHEAD, 500)).toBeCloseTo(500.3, 6);
  });

  it('widens its bounds by the drift the clocks may have had since the last reading', () => {
    const clock = new ClockOffset(0.001);
    clock.observe(200.2 + AHEAD, 200, 200.5);
    // About 10 s later, a slow trip: the bounds widened by a thousandth of the time since each way; the reading is wider still.
    clock.observe(10_250 + AHEAD, 10_200, 10_300);
    expect(clock.uncertaintyMs).toBeCloseTo(0.5 + 2 * (10_300 - 200.5) * 0.001, 6);
  });

  it('starts again from the latest reading when the readings cannot all be true (a clock was set)', () => {
    const clock = new ClockOffset(0);
    clock.observe(100 + AHEAD, 100, 101);
    // The server's clock went back by a minute.
    clock.observe(200 + AHEAD - 60_000, 199, 201);
    expect(clock.uncertaintyMs).toBe(2);
    expect(clock.waitUntil(300 + AHEAD - 60_000, 201)).toBe(100);
  });

  it('never waits a negative time for an instant already past', () => {
    const clock = new ClockOffset();
    clock.observe(100 + AHEAD, 100, 100);
    expect(clock.waitUntil(50 + AHEAD, 100)).toBe(0);
  });
});
