import { afterEach, describe, expect, it } from '@jest/globals';
import { readConfig } from '../../src/config/env.js';
import type { UpstreamProtection } from '../../src/config/env.js';
import { downloadCalls, startStack } from './harness.js';
import type { Stack } from './harness.js';
import { parseExposition, valueOf } from './metrics-text.js';

const DEFAULTS = readConfig({});

function caching(cache: UpstreamProtection['cache']): UpstreamProtection {
  return { ...DEFAULTS.protection, maxQps: 0, cache };
}

const QUERY = `query Page($first: Int) {
  downloads(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id assetId downloadedAt productType downloadedBy { username displayName } } }
  }
}`;

describe('answers remembered while their pages are the cached ones', () => {
  let stack: Stack | undefined;
  let tiers: string[] = [];
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
    tiers = [];
  });

  const start = (cache: UpstreamProtection['cache'], extra: Partial<Parameters<typeof startStack>[0]> = {}) =>
    startStack({ onExecution: (tier) => tiers.push(tier), config: { protection: caching(cache) }, ...extra });
  const ask = (headers?: Record<string, string>, first = 5) => stack!.graphql(QUERY, { first }, headers);
  const cacheHits = async () => valueOf(parseExposition(await (await fetch(`${stack!.adminUrl}/metrics`)).text()), 'gateway_cache_lookups_total', { result: 'hit' });

  it('answers a repeated query without executing it, byte for byte, with the counts of an executed one', async () => {
    stack = await start({ ttlMs: 60_000, maxEntries: 100, staleIfErrorMs: 0 });
    const bob = { authorization: 'Bearer sandbox-bob' };
    const first = await ask(bob);
    expect(first.body.errors).toBeUndefined();
    expect(tiers).toHaveLength(1);
    const counters = { ...stack.gateway.counters };
    const hits = await cacheHits();

    const raw = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bob },
      body: JSON.stringify({ query: QUERY, variables: { first: 5 } }),
    });
    const text = await raw.text();
    expect(tiers).toHaveLength(1);
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(raw.headers.get('cache-control')).toBe('private, no-store');
    expect(JSON.parse(text)).toEqual(first.body);
    // One token lookup, one page read (from the cache), no Getty call: as an executed cache hit.
    expect(stack.gateway.counters.graphqlRequests - counters.graphqlRequests).toBe(1);
    expect(stack.gateway.counters.tokenLookups - counters.tokenLookups).toBe(1);
    expect(stack.gateway.counters.upstreamCalls - counters.upstreamCalls).toBe(1);
    expect((await cacheHits()) - hits).toBe(1);
    expect(downloadCalls(stack.sandbox)).toHaveLength(1);
  });

  it("never answers one customer with another's answer, nor other variables with it", async () => {
    stack = await start({ ttlMs: 60_000, maxEntries: 100, staleIfErrorMs: 0 });
    const bob = { authorization: 'Bearer sandbox-bob' };
    const carol = { authorization: 'Bearer sandbox-carol' };
    const bobs = [await ask(bob), await ask(bob)];
    expect(bobs[1]!.body).toEqual(bobs[0]!.body);
    expect(tiers).toHaveLength(1);
    const carols = await ask(carol);
    expect(tiers).toHaveLength(2);
    expect(carols.body.data).not.toEqual(bobs[0]!.body.data);
    const fewer = await ask(bob, 3);
    expect(tiers).toHaveLength(3);
    expect((fewer.body.data as { downloads: { edges: unknown[] } }).downloads.edges).toHaveLength(3);
    expect((await ask(bob)).body).toEqual(bobs[0]!.body);
    expect((await ask(carol)).body).toEqual(carols.body);
    expect(tiers).toHaveLength(3);
  });

  it('executes again once the cached page has expired and Getty sent a new one', async () => {
    stack = await start({ ttlMs: 40, maxEntries: 100, staleIfErrorMs: 0 });
    await ask();
    await ask();
    expect(downloadCalls(stack.sandbox)).toHaveLength(1);
    expect(tiers).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    const later = await ask();
    expect(later.body.errors).toBeUndefined();
    expect(downloadCalls(stack.sandbox)).toHaveLength(2);
    expect(tiers).toHaveLength(2);
  });

  it('does not pass a stale page off as fresh: the answer is executed and marked stale', async () => {
    stack = await start({ ttlMs: 40, maxEntries: 100, staleIfErrorMs: 60_000 });
    const fresh = await ask();
    await ask();
    expect(tiers).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    stack.sandbox.faults = { ...stack.sandbox.faults, rate500: 1 };
    for (const round of [1, 2]) {
      const stale = await ask();
      expect(stale.body.data).toEqual(fresh.body.data);
      expect(stale.body.extensions).toEqual({ stale: true });
      expect(tiers).toHaveLength(1 + round);
    }
  });

  it('executes every operation of a batch (they share one context)', async () => {
    stack = await start(
      { ttlMs: 60_000, maxEntries: 100, staleIfErrorMs: 0 },
      { config: { protection: caching({ ttlMs: 60_000, maxEntries: 100, staleIfErrorMs: 0 }), limits: { ...DEFAULTS.limits, batchMax: 2 } } },
    );
    const operation = { query: QUERY, variables: { first: 2 } };
    for (const round of [1, 2, 3]) {
      const answer = await fetch(`${stack.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([operation, operation]),
      });
      expect(answer.status).toBe(200);
      expect(tiers).toHaveLength(2 * round);
    }
  });

  it('is off without the response cache: every request executes', async () => {
    stack = await startStack({ onExecution: (tier) => tiers.push(tier) });
    for (const round of [1, 2, 3]) {
      await ask();
      expect(tiers).toHaveLength(round);
    }
  });
});
