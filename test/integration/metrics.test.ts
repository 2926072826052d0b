import { afterEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { readConfig } from '../../src/config/env.js';
import { chooseUser, CookieJar, signIn } from './browser-session.js';
import { errorCodes, startStack } from './harness.js';
import type { Stack } from './harness.js';
import { scrape, valueOf } from './metrics-text.js';

const DEFAULTS = readConfig({}).protection;

async function untilReady(stack: Stack): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if ((await fetch(`${stack.url}/readyz`)).status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the gateway never became ready');
}

function statusClassCounts(stack: Stack, path: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of stack.sandbox.stats.requests.filter((r) => r.path === path)) {
    const outcome = request.status === 429 ? '429' : `${Math.floor(request.status / 100)}xx`;
    counts[outcome] = (counts[outcome] ?? 0) + 1;
  }
  return counts;
}

describe('Prometheus metrics', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  it('count a known sequence exactly (a breaker opening, a retried 500, 429s, a bad token, a cache hit), as the sandbox saw it', async () => {
    stack = await startStack({
      config: {
        protection: {
          ...DEFAULTS,
          // Shaping off here; the refusal has a test of its own below.
          maxQps: 0,
          cache: { ttlMs: 60_000, maxEntries: 100, staleIfErrorMs: 0 },
          breaker: { errorPercent: 50, minimumCalls: 3, windowMs: 10_000, coolDownMs: 200 },
        },
      },
    });
    const s = stack;
    await untilReady(s);
    const [alice] = s.sandbox.demoUsers;
    const as = (user: typeof alice) => ({ authorization: `Bearer ${user!.bearerToken}` });
    const one = (name: string, first: number) => `query ${name} { downloads(first: ${first}) { totalCount } }`;

    // The breaker opens (Alice, three failed calls of three attempts each), fails one fast, then closes.
    s.sandbox.faults = { ...s.sandbox.faults, rate500: 1 };
    for (const first of [1, 2, 3]) expect(errorCodes(await s.graphql(one('Failing', first), undefined, as(alice)))).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(errorCodes(await s.graphql(one('Failing', 4), undefined, as(alice)))).toEqual(['UPSTREAM_UNAVAILABLE']);
    s.sandbox.faults = { ...s.sandbox.faults, rate500: 0 };
    for (let i = 0; i < 500 && (await fetch(`${s.url}/readyz`)).status !== 200; i += 1) await new Promise((r) => setTimeout(r, 10));
    expect((await s.graphql(one('Recovered', 4), undefined, as(alice))).body.errors).toBeUndefined();

    // The service account: a success, the same again from the cache, a retried 500, a 429 to the end.
    expect((await s.graphql(one('Plain', 1))).body.errors).toBeUndefined();
    expect((await s.graphql(one('Plain', 1))).body.errors).toBeUndefined();
    s.sandbox.script('downloads', { kind: 'status', status: 500 });
    expect((await s.graphql(one('Retried', 2))).body.errors).toBeUndefined();
    s.sandbox.script('downloads', ...[1, 2, 3].map(() => ({ kind: 'status' as const, status: 429 })));
    expect(errorCodes(await s.graphql(one('Limited', 3)))).toEqual(['UPSTREAM_RATE_LIMITED']);
    // A token Getty does not know.
    expect(errorCodes(await s.graphql(one('BadToken', 1), undefined, { authorization: 'Bearer not-a-getty-token' }))).toEqual(['UNAUTHENTICATED']);

    const { samples } = await scrape(s.adminUrl);
    const seen = statusClassCounts(s, '/v3/downloads');
    // The sandbox's own log and the gateway's counters agree, attempt for attempt.
    for (const outcome of ['2xx', '429', '4xx', '5xx']) {
      expect([outcome, valueOf(samples, 'gateway_getty_calls_total', { endpoint: 'downloads', outcome })]).toEqual([outcome, seen[outcome] ?? 0]);
    }
    expect(seen).toEqual({ '2xx': 3, '429': 3, '4xx': 1, '5xx': 10 });
    expect(valueOf(samples, 'gateway_getty_calls_total', { endpoint: 'token', outcome: '2xx' })).toBe(statusClassCounts(s, '/oauth2/token')['2xx']);
    expect(valueOf(samples, 'gateway_getty_calls_total', { endpoint: 'token' })).toBe(1);
    expect(valueOf(samples, 'gateway_getty_call_duration_seconds_count', { endpoint: 'downloads' })).toBe(17);
    expect(valueOf(samples, 'gateway_getty_retries_total', { endpoint: 'downloads', reason: '5xx' })).toBe(7);
    expect(valueOf(samples, 'gateway_getty_retries_total', { endpoint: 'downloads', reason: '429' })).toBe(2);

    const requests = (operation: string, outcome: string) => valueOf(samples, 'gateway_graphql_requests_total', { operation, type: 'query', outcome });
    expect(requests('Failing', 'UPSTREAM_UNAVAILABLE')).toBe(4);
    expect(requests('Recovered', 'ok')).toBe(1);
    expect(requests('Plain', 'ok')).toBe(2);
    expect(requests('Retried', 'ok')).toBe(1);
    expect(requests('Limited', 'UPSTREAM_RATE_LIMITED')).toBe(1);
    expect(requests('BadToken', 'UNAUTHENTICATED')).toBe(1);
    expect(valueOf(samples, 'gateway_graphql_requests_total')).toBe(10);
    expect(valueOf(samples, 'gateway_graphql_request_duration_seconds_count')).toBe(10);
    expect(valueOf(samples, 'gateway_graphql_getty_fetches_per_request_sum')).toBe(10);

    expect(valueOf(samples, 'gateway_breaker_transitions_total', { to: 'open' })).toBe(1);
    expect(valueOf(samples, 'gateway_breaker_transitions_total', { to: 'half-open' })).toBe(1);
    expect(valueOf(samples, 'gateway_breaker_transitions_total', { to: 'closed' })).toBe(1);
    expect(valueOf(samples, 'gateway_breaker_state', { state: 'closed' })).toBe(1);
    expect(valueOf(samples, 'gateway_breaker_state', { state: 'open' })).toBe(0);

    expect(valueOf(samples, 'gateway_cache_lookups_total', { result: 'hit' })).toBe(1);
    expect(valueOf(samples, 'gateway_cache_lookups_total', { result: 'miss' })).toBe(9);
    expect(valueOf(samples, 'gateway_cache_lookups_total', { result: 'stale' })).toBe(0);
    expect(valueOf(samples, 'gateway_getty_coalesced_calls_total')).toBe(0);

    expect(valueOf(samples, 'gateway_shaper_refusals_total')).toBe(0);
    expect(valueOf(samples, 'gateway_getty_budget_calls_per_second')).toBe(0);

    expect(valueOf(samples, 'gateway_token_lookups_total', { source: 'service-account', outcome: 'ok' })).toBe(4);
    expect(valueOf(samples, 'gateway_token_lookups_total', { source: 'bearer', outcome: 'ok' })).toBe(6);
    expect(valueOf(samples, 'gateway_token_grants_total', { grant: 'password', outcome: 'ok' })).toBe(1);
    expect(valueOf(samples, 'gateway_token_renewals_total', { outcome: 'ok' })).toBe(1);
    expect(valueOf(samples, 'gateway_ready')).toBe(1);
  });

  it('count the budget: waits, refusals and the rate in force', async () => {
    // One call per second for the API key (the start-up token grant draws from it too) and a queue
    // of 1.5 s: of two pages at once, one waits for its turn and leaves, the other would wait too long.
    stack = await startStack({ config: { protection: { ...DEFAULTS, maxQps: 1, queueMs: 1_500 } } });
    const s = stack;
    await untilReady(s);
    const answer = await s.graphql('query Two { a: downloads(first: 1) { totalCount } b: downloads(first: 2) { totalCount } }');
    expect(errorCodes(answer)).toEqual(['UPSTREAM_RATE_LIMITED']);
    const { samples } = await scrape(s.adminUrl);
    expect(statusClassCounts(s, '/v3/downloads')).toEqual({ '2xx': 1 });
    expect(valueOf(samples, 'gateway_getty_calls_total', { endpoint: 'downloads' })).toBe(1);
    expect(valueOf(samples, 'gateway_shaper_refusals_total')).toBe(1);
    // Every attempt that got its turn: the token grant and the page that left.
    expect(valueOf(samples, 'gateway_shaper_wait_seconds_count')).toBe(1 + valueOf(samples, 'gateway_getty_calls_total', { endpoint: 'token' }));
    expect(valueOf(samples, 'gateway_getty_calls_total', { endpoint: 'token' })).toBe(1);
    expect(valueOf(samples, 'gateway_shaper_waiting_calls')).toBe(0);
    expect(valueOf(samples, 'gateway_getty_budget_calls_per_second')).toBe(1);
    expect(valueOf(samples, 'gateway_graphql_requests_total', { operation: 'Two', outcome: 'UPSTREAM_RATE_LIMITED' })).toBe(1);
  });

  it('count failed token grants by outcome', async () => {
    stack = await startStack({ beforeGateway: (sandbox) => sandbox.script('token', { kind: 'status', status: 401 }) });
    const s = stack;
    for (let i = 0; i < 500 && !s.logs.some((line) => String(line.msg).startsWith('could not obtain')); i += 1) await new Promise((r) => setTimeout(r, 10));
    const { samples } = await scrape(s.adminUrl);
    expect(valueOf(samples, 'gateway_token_grants_total', { grant: 'password', outcome: 'UNAUTHENTICATED' })).toBe(1);
    expect(valueOf(samples, 'gateway_token_renewals_total', { outcome: 'failed' })).toBe(1);
    expect(valueOf(samples, 'gateway_getty_calls_total', { endpoint: 'token', outcome: '4xx' })).toBe(1);
    expect(valueOf(samples, 'gateway_ready')).toBe(0);
  });

  it('keep operation names to 101 values and hold nothing of a token, however many callers send', async () => {
    stack = await startStack();
    const s = stack;
    const tokens: string[] = [];
    for (let batch = 0; batch < 100; batch += 1) {
      await Promise.all(
        Array.from({ length: 10 }, () => {
          const token = randomBytes(12).toString('hex');
          tokens.push(token);
          return s.graphql(`query Op_${randomBytes(6).toString('hex')} { downloads(first: 1) { totalCount } }`, undefined, { authorization: `Bearer ${token}` });
        }),
      );
    }
    const { text, samples } = await scrape(s.adminUrl);
    const operations = new Set(samples.filter((sample) => sample.name === 'gateway_graphql_requests_total').map((sample) => sample.labels.operation));
    expect(operations.size).toBe(101);
    expect(operations.has('other')).toBe(true);
    expect(valueOf(samples, 'gateway_graphql_requests_total')).toBe(1_000);
    expect(valueOf(samples, 'gateway_graphql_requests_total', { operation: 'other' })).toBe(900);
    expect(tokens.filter((token) => text.includes(token))).toEqual([]);
    // No label value anywhere is longer than an operation name may be, so none holds a token or a query.
    const values = samples.flatMap((sample) => Object.values(sample.labels));
    expect(values.filter((value) => value.length > 64)).toEqual([]);
  }, 120_000);

  it('count browser sign-ins by outcome and session token refreshes', async () => {
    let clock = Date.now();
    stack = await startStack({ now: () => new Date(clock) });
    const s = stack;
    const jar = new CookieJar();
    expect((await signIn(jar, s.url, 'bob.k')).response.status).toBe(303);
    const other = new CookieJar();
    const login = await other.fetch(`${s.url}/auth/login`);
    const forged = new URL(await chooseUser(login.response.headers.get('location') ?? '', 'bob.k'));
    forged.searchParams.set('state', 'not-the-state');
    expect((await other.fetch(forged.toString())).response.status).toBe(400);
    // Bob's access token is due for refresh: his next request refreshes it once.
    clock += 1800 * 1000 - 30_000;
    expect((await s.graphql('{ downloads(first: 1) { totalCount } }', undefined, jar.header())).body.errors).toBeUndefined();

    const { samples } = await scrape(s.adminUrl);
    expect(valueOf(samples, 'gateway_sign_ins_total', { outcome: 'ok' })).toBe(1);
    expect(valueOf(samples, 'gateway_sign_ins_total', { outcome: 'SIGN_IN_STATE_MISMATCH' })).toBe(1);
    expect(valueOf(samples, 'gateway_sign_ins_total')).toBe(2);
    expect(valueOf(samples, 'gateway_session_refreshes_total', { outcome: 'ok' })).toBe(1);
    expect(valueOf(samples, 'gateway_session_refreshes_total')).toBe(1);
  });
});
