import { describe, expect, it } from '@jest/globals';
import type { Reservation } from '../../src/getty/budget/departure-window.js';
import { FairScheduler } from '../../src/getty/budget/fair-scheduler.js';
import { ARRIVAL_MARGIN_MS, departureIntervalMs, GETTY_WINDOW_MS } from '../../src/getty/budget/pacing.js';
import { FailoverDepartureWindow } from '../../src/shared-state/failover-window.js';
import type { SharedWindow } from '../../src/shared-state/failover-window.js';
import { HEARTBEAT_EVERY_MS, MEMBER_FOR_MS, SHARING_FOR_MS } from '../../src/shared-state/redis/heartbeat.js';
import { busiestWindow, virtualTime } from './budget/virtual-time.js';
import type { VirtualTime } from './budget/virtual-time.js';

const BUDGET = 5;
const SECOND_MS = GETTY_WINDOW_MS + ARRIVAL_MARGIN_MS;
const QUEUE_MS = 1_000;

/**
 * What the heartbeat and budget scripts keep on Redis, in memory: members and sharing instances
 * by last beat, and the next departure, paced at budget × sharing ÷ members. `restart` empties it.
 */
class RedisModel {
  up = true;
  private members = new Map<string, number>();
  private sharing = new Map<string, number>();
  private nextFree = Number.NEGATIVE_INFINITY;

  constructor(private readonly time: VirtualTime) {}

  restart(): void {
    this.members = new Map();
    this.sharing = new Map();
    this.nextFree = Number.NEGATIVE_INFINITY;
    this.up = true;
  }

  beat(id: string, sharing: boolean, known: readonly string[]): { members: string[]; sharing: number } {
    const now = this.time.now();
    for (const other of known) if (!this.members.has(other)) this.members.set(other, now);
    this.members.set(id, now);
    if (sharing) this.sharing.set(id, now);
    else this.sharing.delete(id);
    return { members: [...this.members].filter(([, at]) => at > now - MEMBER_FOR_MS).map(([member]) => member), sharing: this.countSharing(now) };
  }

  reserve(maxWaitMs: number, notBeforeMs: number): Reservation {
    if (!this.up) throw new Error('Connection is closed.');
    const now = this.time.now();
    const members = [...this.members.values()].filter((at) => at > now - MEMBER_FOR_MS).length;
    const sharing = this.countSharing(now);
    const interval = (departureIntervalMs(BUDGET) * Math.max(members, sharing, 1)) / Math.max(sharing, 1);
    const departAt = Math.max(now + notBeforeMs, this.nextFree);
    const waitMs = departAt - now;
    if (waitMs > maxWaitMs) return { granted: false, waitMs };
    this.nextFree = departAt + interval;
    return { granted: true, waitMs, uncertaintyMs: 0 };
  }

  private countSharing(now: number): number {
    return [...this.sharing.values()].filter((at) => at > now - SHARING_FOR_MS).length;
  }
}

/** One gateway instance: its failover window over the model, its heartbeat, its scheduler, and callers keeping it busy. */
class Instance {
  readonly window: FailoverDepartureWindow;
  readonly scheduler: FairScheduler;
  readonly departures: number[] = [];
  /** Whether this instance's connection to Redis works (it may notice Redis's return later than others). */
  connected = true;
  private known: string[] = [];
  private count = 1;

  constructor(
    readonly id: string,
    private readonly redis: RedisModel,
    private readonly time: VirtualTime,
  ) {
    const shared: SharedWindow = {
      perSecond: BUDGET,
      reserve: async (maxWaitMs, notBeforeMs = 0) => {
        if (!this.connected) throw new Error('Connection is closed.');
        return this.redis.reserve(maxWaitMs, notBeforeMs);
      },
    };
    this.window = new FailoverDepartureWindow(
      shared,
      { budget: BUDGET, secondMs: SECOND_MS, queueMs: QUEUE_MS, instances: () => this.count, sharingForMs: SHARING_FOR_MS, now: time.now },
      true,
    );
    this.scheduler = new FairScheduler(this.window, { maxWaitMs: QUEUE_MS, now: time.now, sleep: time.sleep });
  }

  /** The connection closed: ioredis reports it, and the instance falls back at once. */
  disconnect(): void {
    this.connected = false;
    this.window.lost();
  }

  beat(): void {
    if (!this.connected || !this.redis.up) {
      this.window.failed();
      return;
    }
    const sharing = this.window.announce();
    const membership = this.redis.beat(this.id, sharing, sharing ? [] : this.known);
    this.known = membership.members;
    this.count = membership.members.length;
    this.window.answered();
  }

  async run(untilMs: number, callers: number): Promise<void> {
    const beats = (async () => {
      while (this.time.now() < untilMs) {
        this.beat();
        await this.time.sleep(HEARTBEAT_EVERY_MS);
      }
    })();
    const callLoops = Array.from({ length: callers }, async (_, n) => {
      while (this.time.now() < untilMs) {
        try {
          await this.scheduler.acquire(`${this.id}-customer-${n}`);
          this.departures.push(this.time.now());
        } catch {
          await this.time.sleep(100);
        }
      }
    });
    await Promise.all([beats, ...callLoops]);
  }
}

function cluster(count: number) {
  const time = virtualTime();
  const redis = new RedisModel(time);
  const instances = Array.from({ length: count }, (_, n) => new Instance(`instance-${n}`, redis, time));
  const departures = () => instances.flatMap((instance) => instance.departures);
  return { time, redis, instances, departures };
}

/** Runs `events` at their times while every instance keeps its budget busy until `untilMs`. */
async function scenario(c: ReturnType<typeof cluster>, untilMs: number, events: Array<[atMs: number, act: () => void]>): Promise<void> {
  const runs = c.instances.map((instance) => instance.run(untilMs, 4));
  for (const [at, act] of events) {
    await c.time.advanceTo(at);
    act();
  }
  await c.time.advanceTo(untilMs);
  await c.time.runAll();
  await Promise.all(runs);
}

const inSecond = (departures: number[], from: number, to: number) => departures.filter((at) => at >= from && at < to).length / ((to - from) / 1000);

describe('Redis restarted while 3 instances are busy', () => {
  it.each([
    ['one instance back early, the others seconds later', [0, 3_000, 6_000]],
    ['all back together', [0, 0, 0]],
    ['one instance back 9 s after the others', [0, 0, 9_000]],
  ])('%s: no window over the budget, and the whole budget again once all are back', async (_label, backAfter) => {
    const c = cluster(3);
    const [killAt, restartAt, endAt] = [5_000, 12_000, 40_000];
    await scenario(c, endAt, [
      [killAt, () => c.instances.forEach((instance) => ((c.redis.up = false), instance.disconnect()))],
      [restartAt, () => c.redis.restart()],
      ...backAfter.map((after, n): [number, () => void] => [restartAt + after + 1, () => (c.instances[n]!.connected = true)]),
    ]);
    const departures = c.departures();
    expect(busiestWindow(departures, SECOND_MS)).toBeLessThanOrEqual(BUDGET);
    // The budget is in use before, during (the shares) and after.
    expect(inSecond(departures, 1_000, killAt)).toBeGreaterThan(0.8 * (1000 / departureIntervalMs(BUDGET)));
    expect(inSecond(departures, killAt + 5_000, restartAt)).toBeGreaterThan(0);
    expect(inSecond(departures, endAt - 8_000, endAt)).toBeGreaterThan(0.8 * (1000 / departureIntervalMs(BUDGET)));
    expect(c.instances.map((instance) => instance.window.mode)).toEqual(['shared', 'shared', 'shared']);
  });
});

describe('one instance cut off from Redis while the others keep it', () => {
  it('falls back to its share without the others exceeding what it leaves them, and rejoins', async () => {
    const c = cluster(3);
    const cutOff = c.instances[0]!;
    await scenario(c, 30_000, [
      [5_000, () => ((cutOff.connected = false), cutOff.window.lost())],
      [14_000, () => (cutOff.connected = true)],
    ]);
    expect(busiestWindow(c.departures(), SECOND_MS)).toBeLessThanOrEqual(BUDGET);
    expect(cutOff.departures.filter((at) => at > 5_000 && at < 14_000).length).toBeGreaterThan(0);
    expect(c.instances.map((instance) => instance.window.mode)).toEqual(['shared', 'shared', 'shared']);
  });

  it('also when it falls back after failures in a row, its connection still open', async () => {
    const c = cluster(3);
    const slow = c.instances[0]!;
    await scenario(c, 30_000, [
      [5_000, () => (slow.connected = false)],
      [14_000, () => (slow.connected = true)],
    ]);
    expect(busiestWindow(c.departures(), SECOND_MS)).toBeLessThanOrEqual(BUDGET);
    expect(slow.departures.filter((at) => at > 5_000 && at < 14_000).length).toBeGreaterThan(0);
  });
});
