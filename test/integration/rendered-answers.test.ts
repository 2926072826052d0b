import { afterEach, describe, expect, it } from '@jest/globals';
import { readConfig } from '../../src/config/env.js';
import type { UpstreamProtection } from '../../src/config/env.js';
import { downloadCalls, startStack } from './harness.js';
import type { Stack } from './harness.js';
import { parseExposition, valueOf } from './metrics-text.js';

/**
 * A page TTL for the tests that outlive it: long enough that the requests made before the wait
 * still find their pages cached on a busy CI machine, short enough to wait out.
 */
const SHORT_TTL_MS = 400;

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

let stack: Stack | undefined;
let tiers: string[] = [];
afterEach(async () => {
  await stack?.close();
  stack = undefined;
  tiers = [];
});

describe('answers remembered while their pages are the cached ones', () => {
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
    stack = await start({ ttlMs: SHORT_TTL_MS, maxEntries: 100, staleIfErrorMs: 0 });
    await ask();
    await ask();
    expect(downloadCalls(stack.sandbox)).toHaveLength(1);
    expect(tiers).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, SHORT_TTL_MS * 2));
    const later = await ask();
    expect(later.body.errors).toBeUndefined();
    expect(downloadCalls(stack.sandbox)).toHaveLength(2);
    expect(tiers).toHaveLength(2);
  });

  it('does not pass a stale page off as fresh: the answer is executed and marked stale', async () => {
    stack = await start({ ttlMs: SHORT_TTL_MS, maxEntries: 100, staleIfErrorMs: 60_000 });
    const fresh = await ask();
    await ask();
    expect(tiers).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, SHORT_TTL_MS * 2));
    stack.sandbox.faults = { ...stack.sandbox.faults, rate500: 1 };
    for (const round of [1, 2]) {
      const stale = await ask();
      expect(stale.body.data).toEqual(fresh.body.data);
      expect(stale.body.extensions).toEqual({ stale: true });
      expect(tiers).toHaveLength(1 + round);
    }
  });

  it('reads ahead only the pages an operation still needs: when the total moved, `last` reads the new end, not the old one', async () => {
    stack = await start({ ttlMs: SHORT_TTL_MS, maxEntries: 100, staleIfErrorMs: 0 });
    const bob = { authorization: 'Bearer sandbox-bob' };
    const LAST = '{ downloads(last: 5) { totalCount edges { node { id } } } }';
    const pages = () => downloadCalls(stack!.sandbox).map((call) => `${call.query.page}x${call.query.page_size}`);
    const before = await stack.graphql(LAST, {}, bob);
    expect(before.body.errors).toBeUndefined();
    expect(pages()).toHaveLength(2);
    const [probe, end] = pages() as [string, string];
    // Both pages still cached: the answer is recalled, nothing executed or called.
    expect((await stack.graphql(LAST, {}, bob)).body).toEqual(before.body);
    expect(tiers).toHaveLength(1);
    expect(pages()).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, SHORT_TTL_MS * 2));

    // Getty now counts more downloads, so the list's end lies on another page.
    const [page, size] = probe.split('x');
    const probed = await fetch(`${stack.sandbox.url}/v3/downloads?page=${page}&page_size=${size}`, { headers: { 'api-key': stack.sandbox.apiKey, ...bob } });
    const body = (await probed.json()) as { result_count: number };
    stack.sandbox.resetStats();
    stack.sandbox.script('downloads', { kind: 'status', status: 200, body: { ...body, result_count: body.result_count + 50 } });
    const after = await stack.graphql(LAST, {}, bob);
    expect(after.body.errors).toBeUndefined();
    expect((after.body.data as { downloads: { totalCount: number } }).downloads.totalCount).toBe(body.result_count + 50);
    expect(pages()).toHaveLength(2);
    expect(pages()[0]).toBe(probe);
    expect(pages()[1]).not.toBe(end);
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

  it('without the response cache, remembers nothing: one request after another, each executes', async () => {
    stack = await startStack({ onExecution: (tier) => tiers.push(tier) });
    for (const round of [1, 2, 3]) {
      await ask();
      expect(tiers).toHaveLength(round);
    }
  });
});

describe('answers shared by requests coalesced onto one Getty call', () => {
  const ask = (headers?: Record<string, string>) => stack!.graphql(QUERY, { first: 5 }, headers);
  const coalesced = async () => valueOf(parseExposition(await (await fetch(`${stack!.adminUrl}/metrics`)).text()), 'gateway_getty_coalesced_calls_total', {});
  const slowGetty = () => {
    stack!.sandbox.faults = { ...stack!.sandbox.faults, latencyMs: 300 };
  };

  it('executes once for identical requests that read the same page in flight, each counted as a coalesced request', async () => {
    stack = await startStack({ onExecution: (tier) => tiers.push(tier), config: { protection: caching({ ttlMs: 0, maxEntries: 100, staleIfErrorMs: 0 }) } });
    const bob = { authorization: 'Bearer sandbox-bob' };
    const alone = await ask(bob);
    expect(alone.body.errors).toBeUndefined();
    expect(tiers).toHaveLength(1);
    slowGetty();
    const counters = { ...stack.gateway.counters };
    const joined = await coalesced();
    const together = await Promise.all([1, 2, 3, 4, 5].map(() => ask(bob)));
    for (const answer of together) expect(answer.body).toEqual(alone.body);
    expect(tiers).toHaveLength(2);
    expect(downloadCalls(stack.sandbox)).toHaveLength(2);
    // Each request still looked its token up and read its page, as a coalesced request does.
    expect(stack.gateway.counters.graphqlRequests - counters.graphqlRequests).toBe(5);
    expect(stack.gateway.counters.tokenLookups - counters.tokenLookups).toBe(5);
    expect(stack.gateway.counters.upstreamCalls - counters.upstreamCalls).toBe(5);
    expect((await coalesced()) - joined).toBe(4);
  });

  it("never shares one customer's answer with another, even in flight together", async () => {
    stack = await startStack({ onExecution: (tier) => tiers.push(tier) });
    const bob = { authorization: 'Bearer sandbox-bob' };
    const carol = { authorization: 'Bearer sandbox-carol' };
    const [bobs, carols] = [await ask(bob), await ask(carol)];
    expect(carols.body.data).not.toEqual(bobs.body.data);
    slowGetty();
    const together = await Promise.all([ask(bob), ask(carol), ask(bob), ask(carol)]);
    expect(together.map((answer) => answer.body)).toEqual([bobs.body, carols.body, bobs.body, carols.body]);
    expect(tiers).toHaveLength(4);
  });

  it('shares no failure: when the Getty call fails, each request executes and reports it', async () => {
    stack = await startStack({ onExecution: (tier) => tiers.push(tier) });
    await ask();
    stack.sandbox.faults = { ...stack.sandbox.faults, latencyMs: 300, rate500: 1 };
    const together = await Promise.all([1, 2, 3].map(() => ask()));
    for (const answer of together) expect(answer.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(tiers).toHaveLength(4);
  });
});
