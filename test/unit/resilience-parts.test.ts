import { describe, expect, it } from '@jest/globals';
import { ErrorCode, GatewayError } from '../../src/errors.js';
import { UpstreamBreaker } from '../../src/getty/breaker.js';
import type { BreakerState } from '../../src/getty/breaker.js';
import { Coalescer } from '../../src/getty/coalescer.js';
import { credentialId } from '../../src/getty/credential-id.js';
import { MemoryResponseCache } from '../../src/getty/response-cache.js';

const page = (n: number) => ({ result_count: n, downloads: [] });

describe('Coalescer', () => {
  it('shares one in-flight call per key and forgets it once settled', async () => {
    const coalescer = new Coalescer<number>();
    let calls = 0;
    const call = () => new Promise<number>((resolve) => setTimeout(() => resolve(++calls), 5));
    const shared = await Promise.all([coalescer.run('k', call), coalescer.run('k', call), coalescer.run('other', call)]);
    expect(shared.slice(0, 2)).toEqual([shared[0], shared[0]]);
    expect(calls).toBe(2);
    expect(coalescer.size).toBe(0);
    await coalescer.run('k', call);
    expect(calls).toBe(3);
  });

  it('shares failures too, then lets the next caller try again', async () => {
    const coalescer = new Coalescer<number>();
    const boom = new Error('boom');
    const results = await Promise.allSettled([coalescer.run('k', () => Promise.reject(boom)), coalescer.run('k', async () => 1)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await coalescer.run('k', async () => 7)).toBe(7);
  });
});

describe('MemoryResponseCache', () => {
  it('answers fresh within the TTL, stale within the stale-if-error window, then nothing', async () => {
    let now = 0;
    const cache = new MemoryResponseCache({ ttlMs: 100, maxEntries: 10, staleIfErrorMs: 1_000 }, () => now);
    await cache.set('k', page(1));
    expect(await cache.get('k')).toEqual({ page: page(1), fresh: true });
    now = 500;
    expect(await cache.get('k')).toEqual({ page: page(1), fresh: false });
    now = 1_200;
    expect(await cache.get('k')).toBeUndefined();
  });

  it('is bounded, dropping the least recently used', async () => {
    const cache = new MemoryResponseCache({ ttlMs: 1_000, maxEntries: 2, staleIfErrorMs: 0 }, () => 0);
    await cache.set('a', page(1));
    await cache.set('b', page(2));
    await cache.get('a');
    await cache.set('c', page(3));
    expect(cache.size).toBe(2);
    expect(await cache.get('b')).toBeUndefined();
    expect((await cache.get('a'))?.page).toEqual(page(1));
  });
});

describe('credentialId', () => {
  it('is a digest: stable, distinct per token, and never the token', () => {
    expect(credentialId('sandbox-alice')).toBe(credentialId('sandbox-alice'));
    expect(credentialId('sandbox-alice')).not.toBe(credentialId('sandbox-bob'));
    expect(credentialId('sandbox-alice')).not.toContain('alice');
  });
});

describe('UpstreamBreaker', () => {
  const unavailable = () => Promise.reject(new GatewayError(ErrorCode.UpstreamUnavailable, 'down'));
  const forbidden = () => Promise.reject(new GatewayError(ErrorCode.Forbidden, 'no'));

  it('opens after a run of Getty failures, fails fast with a retry hint, and closes after a good probe', async () => {
    const states: BreakerState[] = [];
    const breaker = new UpstreamBreaker({ errorPercent: 50, minimumCalls: 4, windowMs: 10_000, coolDownMs: 60 }, { changed: (s) => states.push(s) });
    try {
      for (let i = 0; i < 4; i += 1) await breaker.fire(unavailable).catch(() => undefined);
      expect(breaker.state).toBe('open');
      let called = false;
      const fast = await breaker
        .fire(async () => {
          called = true;
        })
        .catch((e: unknown) => e);
      expect(called).toBe(false);
      expect((fast as GatewayError).extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryAfterSeconds: 1 });
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect(breaker.state).toBe('half-open');
      expect(await breaker.fire(async () => 'ok')).toBe('ok');
      expect(breaker.state).toBe('closed');
      expect(states).toEqual(['open', 'half-open', 'closed']);
    } finally {
      breaker.shutdown();
    }
  });

  it("does not count answers that say nothing about Getty's health", async () => {
    const breaker = new UpstreamBreaker({ errorPercent: 50, minimumCalls: 2, windowMs: 10_000, coolDownMs: 1_000 }, { changed: () => undefined });
    try {
      for (let i = 0; i < 10; i += 1) await breaker.fire(forbidden).catch(() => undefined);
      expect(breaker.state).toBe('closed');
    } finally {
      breaker.shutdown();
    }
  });
});
