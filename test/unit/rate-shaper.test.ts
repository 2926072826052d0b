import { describe, expect, it } from '@jest/globals';
import { GatewayError } from '../../src/errors.js';
import { RateShaper } from '../../src/getty/rate-shaper.js';

/** A clock that only moves when told, and sleeps that record how long they were asked for. */
function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
    advance: (ms: number) => (now += ms),
    sleeps,
  };
}

describe('RateShaper', () => {
  it('lets a burst of the limit through at once, then spaces calls so no 1 s window holds more', async () => {
    const time = fakeTime();
    const shaper = new RateShaper({ perSecond: 5, maxWaitMs: 5_000 }, time.now, time.sleep);
    for (let i = 0; i < 12; i += 1) await shaper.acquire('alice');
    expect(time.sleeps).toEqual([1100, 1100, 1100, 1100, 1100, 2200, 2200]);
  });

  it('keeps credentials apart', async () => {
    const time = fakeTime();
    const shaper = new RateShaper({ perSecond: 2, maxWaitMs: 5_000 }, time.now, time.sleep);
    for (const who of ['a', 'b', 'a', 'b']) await shaper.acquire(who);
    expect(time.sleeps).toEqual([]);
    await shaper.acquire('a');
    expect(time.sleeps).toEqual([1100]);
  });

  it('frees the window as time passes', async () => {
    const time = fakeTime();
    const shaper = new RateShaper({ perSecond: 2, maxWaitMs: 5_000 }, time.now, time.sleep);
    await shaper.acquire('a');
    await shaper.acquire('a');
    time.advance(1100);
    await shaper.acquire('a');
    expect(time.sleeps).toEqual([]);
  });

  it('refuses a call that would wait longer than the queue allows, with a retry hint', async () => {
    const time = fakeTime();
    const shaper = new RateShaper({ perSecond: 1, maxWaitMs: 1_500 }, time.now, time.sleep);
    await shaper.acquire('a');
    await shaper.acquire('a');
    const refused = await shaper.acquire('a').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(GatewayError);
    expect((refused as GatewayError).extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', retryAfterSeconds: 3 });
    expect(time.sleeps).toEqual([1100]);
  });

  it('forgets idle credentials', async () => {
    const time = fakeTime();
    const shaper = new RateShaper({ perSecond: 1, maxWaitMs: 0 }, time.now, time.sleep);
    time.advance(20_000);
    await shaper.acquire('a');
    await shaper.acquire('b');
    expect(shaper.trackedCredentials).toBe(2);
    time.advance(20_000);
    await shaper.acquire('c');
    expect(shaper.trackedCredentials).toBe(1);
  });
});
