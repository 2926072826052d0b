import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import got from 'got';
import { OAuthClient } from '../../src/auth/oauth-client.js';
import { ServiceAccountTokens } from '../../src/auth/service-account-tokens.js';
import { MemoryResponseCache } from '../../src/getty/response-cache.js';
import { capturedLogger } from '../log-capture.js';
import { redisState } from '../../src/shared-state/index.js';
import type { SharedState } from '../../src/shared-state/index.js';
import { CLOCK_DRIFT_PER_MS } from '../../src/shared-state/redis/clock-offset.js';
import { RedisConnection } from '../../src/shared-state/redis/connection.js';
import { RedisDepartureWindow } from '../../src/shared-state/redis/departure-window.js';
import { Heartbeat } from '../../src/shared-state/redis/heartbeat.js';
import type { Membership } from '../../src/shared-state/redis/heartbeat.js';
import { departureIntervalMs } from '../../src/getty/budget/pacing.js';
import { startSandbox } from '../../src/sandbox/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { startRedisServer } from '../../bench/redis-server.js';
import type { RedisServer } from '../../bench/redis-server.js';

const PASSWORD = 'redis-secret-9f2c';

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const giveUp = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > giveUp) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let server: RedisServer;
let sandbox: Sandbox;
const connections: RedisConnection[] = [];
const states: SharedState[] = [];

function connect(prefix = 'test:', log = capturedLogger('debug')): RedisConnection {
  const connection = new RedisConnection({ url: server.url, keyPrefix: prefix, assumedInstances: 1 }, log.logger);
  connections.push(connection);
  return connection;
}

async function state(prefix: string, log = capturedLogger('debug')): Promise<SharedState> {
  const shared = await redisState({ url: server.url, keyPrefix: prefix, assumedInstances: 1 }, { perSecond: 5, secondMs: 1_000, queueMs: 1_000 }, log.logger);
  states.push(shared);
  return shared;
}

beforeAll(async () => {
  server = await startRedisServer({ password: PASSWORD });
  sandbox = await startSandbox({ tokenTtlSeconds: 2 });
});

afterAll(async () => {
  await Promise.all(states.map((shared) => shared.close()));
  await Promise.all(connections.map((connection) => connection.close()));
  await sandbox.close();
  await server.stop();
});

describe('RedisDepartureWindow', () => {
  it('spaces departures of every instance one interval apart, booking only what fits the wait', async () => {
    const [a, b] = [connect('window:'), connect('window:')];
    await Promise.all([a.firstAttempt(), b.firstAttempt()]);
    const windows = [new RedisDepartureWindow(a, 5), new RedisDepartureWindow(b, 5)];
    const interval = departureIntervalMs(5);
    const now = await Promise.all(Array.from({ length: 6 }, (_, i) => windows[i % 2]!.reserve(0)));
    expect(now.filter((r) => r.granted)).toHaveLength(1);
    expect(now.filter((r) => !r.granted).every((r) => r.waitMs > 0 && r.waitMs <= interval)).toBe(true);

    // Booked one after another on Redis: each departure at least one interval after the one before.
    const later = await Promise.all(Array.from({ length: 10 }, (_, i) => windows[i % 2]!.reserve(5_000)));
    expect(later.every((r) => r.granted)).toBe(true);
    const departures = later.map((r, i) => ({ r, i })).sort((x, y) => x.r.waitMs - y.r.waitMs);
    for (let i = 1; i < departures.length; i += 1) {
      // A later call's wait is measured from a later "now": at most the few ms between the two script runs.
      expect(departures[i]!.r.waitMs - departures[i - 1]!.r.waitMs).toBeGreaterThan(interval - 50);
    }
  });

  it("places each slot on this process's clock, as surely as the quickest round trip allows", async () => {
    const redis = connect('clock:');
    await redis.firstAttempt();
    // The instant the window read its clock last is the one its wait counts from: placing the slot
    // from an instant read here, after the await, would add however long the event loop took.
    let clockRead = 0;
    const window = new RedisDepartureWindow(redis, 5, () => (clockRead = performance.now()));
    const slots: Array<{ at: number; uncertaintyMs: number; readAt: number }> = [];
    let quickest = Number.POSITIVE_INFINITY;
    for (let n = 0; n < 8; n += 1) {
      const sent = performance.now();
      const reservation = await window.reserve(10_000);
      quickest = Math.min(quickest, performance.now() - sent);
      if (!reservation.granted) throw new Error('a reservation within the wait was refused');
      slots.push({ at: clockRead + reservation.waitMs, uncertaintyMs: reservation.uncertaintyMs, readAt: clockRead });
    }
    // Redis's slots are one interval apart on its clock; here each is placed no earlier than it can be,
    // and at most its uncertainty later. The bound narrows as readings come in, and widens between
    // two readings by the drift the clocks are allowed over the time between them (a slow round
    // trip on a busy machine makes that time, and so the widening, longer).
    expect(slots.at(-1)!.uncertaintyMs).toBeLessThanOrEqual(quickest);
    for (let n = 1; n < slots.length; n += 1) {
      const gap = slots[n]!.at - slots[n - 1]!.at;
      const allowedDrift = (slots[n]!.readAt - slots[n - 1]!.readAt) * CLOCK_DRIFT_PER_MS;
      expect(gap).toBeGreaterThanOrEqual(departureIntervalMs(5) - slots[n - 1]!.uncertaintyMs - 0.01);
      expect(gap).toBeLessThanOrEqual(departureIntervalMs(5) + allowedDrift + 0.05);
    }
  });
});

describe('Heartbeat and the pace on Redis', () => {
  it('paces at budget × sharing ÷ members, and a member not sharing writes back the members a restarted Redis forgot', async () => {
    const [redis, others] = [connect('pace:'), connect('pace:')];
    await Promise.all([redis.firstAttempt(), others.firstAttempt()]);
    const seen = new Map<string, Membership>();
    const beats = ['a', 'b', 'c'].map(
      (id) => new Heartbeat(id === 'c' ? redis : others, id, { sharing: () => id !== 'c', beat: (membership) => seen.set(id, membership), missed: () => undefined }),
    );
    beats.forEach((beat) => beat.start());
    try {
      await until(() => seen.size === 3 && seen.get('c')!.members.length === 3, 'three beats');
      const window = new RedisDepartureWindow(redis, 5);
      const reservations = [];
      for (let n = 0; n < 4; n += 1) reservations.push(await window.reserve(10_000));
      // Two of three sharing: each departure 3/2 intervals after the one before (less the time between the calls).
      const waits = reservations.map((r) => r.waitMs);
      for (let n = 1; n < waits.length; n += 1) expect(waits[n]! - waits[n - 1]!).toBeGreaterThan(1.5 * departureIntervalMs(5) - 50);
      expect(window.perSecond).toBeCloseTo((5 * 2) / 3);

      // a and b lose Redis, then Redis restarts empty: the next beat of c (not sharing) writes them back as members.
      await others.close();
      await Promise.all([beats[0]!.stop(), beats[1]!.stop()]);
      await redis.client.del('pace:instances', 'pace:instances:sharing');
      seen.clear();
      await until(() => seen.has('c'), "c's next beat");
      expect([...seen.get('c')!.members].sort()).toEqual(['a', 'b', 'c']);
    } finally {
      await Promise.all(beats.map((beat) => beat.stop()));
    }
  });
});

describe('shared state', () => {
  it('shares one service-account token: instances starting together make one token call, and one at renewal', async () => {
    const shared = await Promise.all([state('tokens:'), state('tokens:'), state('tokens:')]);
    let clock = Date.now();
    const before = sandbox.stats.token;
    const accounts = shared.map(
      (one) =>
        new ServiceAccountTokens(
          one.tokenStore,
          new OAuthClient(got, sandbox.tokenUrl, sandbox.apiKey, sandbox.apiSecret),
          { grant: 'password', ...sandbox.serviceAccount },
          sandbox.apiKey,
          { issued: () => undefined, grantFailed: () => undefined, renewed: () => undefined, renewalFailedUsingOld: () => undefined },
          () => clock,
          one.refreshLock,
        ),
    );
    const first = await Promise.all(accounts.map((tokens) => tokens.tokensFor([tokens.key])));
    expect(new Set(first.flat()).size).toBe(1);
    expect(sandbox.stats.token - before).toBe(1);

    clock += 2_000;
    const renewed = await Promise.all(accounts.map((tokens) => tokens.tokensFor([tokens.key])));
    expect(new Set(renewed.flat()).size).toBe(1);
    expect(renewed[0]).not.toEqual(first[0]);
    expect(sandbox.stats.token - before).toBe(2);
  });

  it('answers a cached page on another instance, under a key that holds no token', async () => {
    const [one, two] = await Promise.all([state('cache:'), state('cache:')]);
    const options = { ttlMs: 30_000, maxEntries: 10, staleIfErrorMs: 0 };
    const page = { result_count: 1, downloads: [{ id: 'a1', date_downloaded: '2026-01-01T00:00:00Z', product_id: 1 }] };
    await one.responseCache(options).set('credential-digest\n\nsearch', page);
    expect(await two.responseCache(options).get('credential-digest\n\nsearch')).toEqual({ page, fresh: true });
    const probe = connect('cache:');
    await probe.firstAttempt();
    const keys = await probe.client.keys('cache:page:*');
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain('credential-digest');
  });

  it("answers a fresh page from the instance's own copy, the same object every time, without asking Redis", async () => {
    const [one, two] = await Promise.all([state('near:'), state('near:')]);
    const options = { ttlMs: 30_000, maxEntries: 10, staleIfErrorMs: 0 };
    const [writer, reader] = [one.responseCache(options), two.responseCache(options)];
    expect(reader.keepsPages).toBe(true);
    const key = 'credential-digest\n\nsearch';
    const page = { result_count: 1, downloads: [{ id: 'a1', date_downloaded: '2026-01-01T00:00:00Z', product_id: 1 }] };
    await writer.set(key, page);
    const probe = connect('near:');
    await probe.firstAttempt();
    const redisReads = async (): Promise<number> => Number(/cmdstat_get:calls=(\d+)/.exec(await probe.client.info('commandstats'))?.[1] ?? 0);

    // Another instance reads the page from Redis once, then keeps it; the writer never reads it back.
    const before = await redisReads();
    const read = (await reader.get(key))?.page;
    expect(read).toEqual(page);
    for (let n = 0; n < 5; n += 1) {
      expect((await reader.get(key))?.page).toBe(read);
      expect((await writer.get(key))?.page).toBe(page);
    }
    expect((await redisReads()) - before).toBe(1);
  });

  it("reads a page another instance stored anew once the instance's own copy is no longer fresh", async () => {
    const [one, two] = await Promise.all([state('renewed:'), state('renewed:')]);
    // Kept on Redis past the TTL (stale-if-error), so the newer page is still there when the first copy goes stale.
    const options = { ttlMs: 1_000, maxEntries: 10, staleIfErrorMs: 5_000 };
    const [first, second] = [one.responseCache(options), two.responseCache(options)];
    const key = 'credential-digest\n\nsearch';
    const older = { result_count: 1, downloads: [{ id: 'a1', date_downloaded: '2026-01-01T00:00:00Z', product_id: 1 }] };
    const newer = { result_count: 2, downloads: [...older.downloads, { id: 'a2', date_downloaded: '2026-01-02T00:00:00Z', product_id: 2 }] };
    const storedAt = Date.now();
    await first.set(key, older);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await second.set(key, newer);
    // Fresh, its own copy answers: no fresher than the TTL, like Redis's.
    expect(await first.get(key)).toEqual({ page: older, fresh: true });
    await new Promise((resolve) => setTimeout(resolve, storedAt + 1_250 - Date.now()));
    const renewed = await first.get(key);
    expect(renewed).toEqual({ page: newer, fresh: true });
    expect((await first.get(key))?.page).toBe(renewed?.page);
  });

  it('keeps its own stale copy over an older stale entry on Redis (one whose newer write to Redis failed)', async () => {
    const shared = await state('stale:');
    const options = { ttlMs: 200, maxEntries: 10, staleIfErrorMs: 5_000 };
    const cache = shared.responseCache(options);
    const key = 'credential-digest\n\nsearch';
    const own = { result_count: 1, downloads: [{ id: 'a1', date_downloaded: '2026-01-01T00:00:00Z', product_id: 1 }] };
    await cache.set(key, own);
    const probe = connect('stale:');
    await probe.firstAttempt();
    const redisKey = `stale:page:${createHash('sha256').update(key).digest('base64url')}`;
    await probe.client.set(redisKey, JSON.stringify({ page: { result_count: 0, downloads: [] }, storedAt: Date.now() - 100 }), 'PX', 5_000);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await cache.get(key)).toEqual({ page: own, fresh: false });
  });

  it('serves a persisted query registered on one instance to another', async () => {
    const [one, two] = await Promise.all([state('apq:'), state('apq:')]);
    await one.persistedQueries!.set('apq:hash-1', '{ downloads { totalCount } }', { ttl: 60 });
    expect(await two.persistedQueries!.get('apq:hash-1')).toBe('{ downloads { totalCount } }');
  });

  it('never logs the password, and falls back to in-process state while Redis is away, then shares again', async () => {
    const log = capturedLogger('debug');
    const shared = await state('failover:', log);
    const memory = new MemoryResponseCache({ ttlMs: 1, maxEntries: 1, staleIfErrorMs: 0 });
    expect(shared.status(5)).toEqual({ redis: 'up', budgetPerSecond: 5 });
    await shared.tokenStore.set('k', { accessToken: 'kept', refreshAt: Date.now() + 60_000, expiresAt: Date.now() + 120_000 });

    await server.kill();
    await until(() => shared.status(5).redis === 'down', 'the fallback');
    expect(shared.status(5).budgetPerSecond).toBe(5);
    expect((await shared.tokenStore.getMany(['k']))[0]?.accessToken).toBe('kept');
    // The share opens once Redis has stopped counting this instance as sharing (3 s after its last beat) and a queue and a window more.
    expect(await shared.budget!.reserve(6_000)).toEqual(expect.objectContaining({ granted: true }));
    expect(await shared.persistedQueries!.get('anything')).toBeUndefined();
    expect(await memory.get('x')).toBeUndefined();

    await server.restart();
    await until(() => shared.status(5).redis === 'up', 'sharing to resume');
    const window = shared.budget!;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await window.reserve(0);
    const probe = connect('failover:');
    await probe.firstAttempt();
    expect(Number(await probe.client.get('failover:budget:next-departure'))).toBeGreaterThan(0);
    expect(log.text()).toContain('Redis connection lost');
    expect(log.text()).not.toContain(PASSWORD);
  });
});
