import { describe, expect, it } from '@jest/globals';
import got from 'got';
import { OAuthClient } from '../../src/auth/oauth-client.js';
import { MemoryExpiringStore } from '../../src/auth/session-store.js';
import type { Session } from '../../src/auth/session-store.js';
import { Sessions } from '../../src/auth/sessions.js';

/** A memory store that counts its writes. */
class CountingStore extends MemoryExpiringStore<Session> {
  writes = 0;
  override async set(key: string, value: Session, ttlMs: number): Promise<void> {
    this.writes += 1;
    await super.set(key, value, ttlMs);
  }
}

const LIFETIMES = { idleMs: 8 * 3_600_000, maxAgeMs: 24 * 3_600_000 };
/** Never called here: finding a session makes no token call. */
const UNUSED_OAUTH = new OAuthClient(got, 'http://127.0.0.1:9/oauth2/token', 'key', 'secret');

async function signedIn() {
  let clock = Date.UTC(2026, 10, 30, 12);
  const store = new CountingStore(100, () => clock);
  const sessions = new Sessions(store, UNUSED_OAUTH, LIFETIMES, { refreshed: () => undefined }, () => clock);
  const { id } = await sessions.create({ accessToken: 'access-1', refreshToken: 'refresh-1', expiresInSeconds: 1800 }, 'Carol');
  store.writes = 0;
  return { sessions, store, id, advance: (ms: number) => (clock += ms) };
}

describe('Sessions.find', () => {
  it('records activity at most once a minute', async () => {
    const { sessions, store, id, advance } = await signedIn();
    advance(30_000);
    await sessions.find(id);
    expect(store.writes).toBe(0);
    advance(60_000);
    expect((await sessions.find(id))?.lastSeenAt).toBeGreaterThan(0);
    expect(store.writes).toBe(1);
  });

  it('leaves a session due for refresh to the refresh, so a touch cannot write its old tokens back over new ones', async () => {
    const { sessions, store, id, advance } = await signedIn();
    advance(1800 * 1000 - 30_000);
    expect((await sessions.find(id))?.accessToken).toBe('access-1');
    expect(store.writes).toBe(0);
  });

  it('answers whether an id is live without writing', async () => {
    const { sessions, store, id, advance } = await signedIn();
    advance(120_000);
    expect(await sessions.isLive(id)).toBe(true);
    expect(await sessions.isLive('made-up')).toBe(false);
    expect(store.writes).toBe(0);
    advance(LIFETIMES.idleMs);
    expect(await sessions.isLive(id)).toBe(false);
  });
});
