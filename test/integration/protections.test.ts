import { afterEach, describe, expect, it } from '@jest/globals';
import { readConfig } from '../../src/config/env.js';
import type { UpstreamProtection } from '../../src/config/env.js';
import { downloadCalls, errorCodes, startStack, TEST_UPSTREAM } from './harness.js';
import type { Stack } from './harness.js';

const DEFAULTS = readConfig({}).protection;

function protection(overrides: Partial<UpstreamProtection>): UpstreamProtection {
  return { ...DEFAULTS, maxQps: 0, ...overrides };
}

describe('protecting Getty, and the gateway from Getty', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  const page = (first: number, headers?: Record<string, string>) =>
    stack!.graphql(`{ downloads(first: ${first}) { totalCount nodes { id downloadedBy { username } } } }`, undefined, headers);

  it("shapes every customer's calls to the API key's one budget, so Getty's QPS limit never answers 429", async () => {
    stack = await startStack({ sandbox: { qpsLimit: 4 }, config: { protection: protection({ maxQps: 4, queueMs: 5_000 }) } });
    const customers: Array<Record<string, string>> = [{}, { authorization: 'Bearer sandbox-bob' }, { authorization: 'Bearer sandbox-carol' }];
    // A cold stack's first compiles can stall the event loop the sandbox shares, recording one arrival late, next to
    // the following one; real Getty keeps its own clock. One call first, a quiet second, then a clean log.
    await page(20);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    stack.sandbox.resetStats();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => page(i + 1, customers[i % 3])));
    expect(answers.every((answer) => answer.body.errors === undefined)).toBe(true);
    expect(downloadCalls(stack.sandbox).map((call) => call.status)).toEqual(Array(10).fill(200));
  });

  it('meets 429s without shaping (the same burst, shaping off)', async () => {
    stack = await startStack({ sandbox: { qpsLimit: 4 }, config: { upstream: { ...TEST_UPSTREAM, timeoutMs: 2000, retries: 0, retryBaseMs: 1, retryMaxDelayMs: 10 } } });
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => page(i + 1)));
    expect(downloadCalls(stack.sandbox).some((call) => call.status === 429)).toBe(true);
    expect(answers.flatMap(errorCodes)).toContain('UPSTREAM_RATE_LIMITED');
  });

  it('fails at once with UPSTREAM_RATE_LIMITED when the queue would wait too long', async () => {
    // At 1 call per second departures are 1,100 ms apart: of a burst, only the first fits a 300 ms
    // queue. Getty answers slowly, so a refusal that waited for its turn would arrive after the call it queued behind.
    stack = await startStack({
      serviceAccount: false,
      sandbox: { faults: { latencyMs: 400 } },
      config: { protection: protection({ maxQps: 1, queueMs: 300 }) },
    });
    const order: string[] = [];
    const answers = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const answer = await page(i + 1, { authorization: 'Bearer sandbox-bob' });
        order.push(errorCodes(answer).includes('UPSTREAM_RATE_LIMITED') ? 'limited' : 'answered');
        return answer;
      }),
    );
    const limited = answers.filter((answer) => errorCodes(answer).includes('UPSTREAM_RATE_LIMITED'));
    expect(order).toEqual(['limited', 'limited', 'limited', 'limited', 'limited', 'answered']);
    expect(limited[0]?.body.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(downloadCalls(stack.sandbox)).toHaveLength(1);
  });

  it('shares one upstream call among concurrent identical requests of one customer, never across customers', async () => {
    stack = await startStack({ sandbox: { faults: { latencyMs: 150 } } });
    const same = await Promise.all(Array.from({ length: 10 }, () => page(7, { authorization: 'Bearer sandbox-bob' })));
    expect(downloadCalls(stack.sandbox)).toHaveLength(1);
    expect(new Set(same.map((answer) => JSON.stringify(answer.body)))).toEqual(new Set([JSON.stringify(same[0]!.body)]));

    stack.sandbox.resetStats();
    const [bob, carol] = await Promise.all([page(7, { authorization: 'Bearer sandbox-bob' }), page(7, { authorization: 'Bearer sandbox-carol' })]);
    expect(downloadCalls(stack.sandbox)).toHaveLength(2);
    const users = (answer: typeof bob) =>
      new Set((answer.body.data as { downloads: { nodes: Array<{ downloadedBy: { username: string } }> } }).downloads.nodes.map((n) => n.downloadedBy.username));
    expect(users(bob)).toEqual(new Set(['bob.k']));
    expect(users(carol)).toEqual(new Set(['carol.m']));
  });

  it('caches pages briefly when asked to, per customer', async () => {
    stack = await startStack({ config: { protection: protection({ cache: { ttlMs: 5_000, maxEntries: 100, staleIfErrorMs: 0 } }) } });
    const first = await page(5, { authorization: 'Bearer sandbox-bob' });
    const second = await page(5, { authorization: 'Bearer sandbox-bob' });
    expect(second.body).toEqual(first.body);
    expect(downloadCalls(stack.sandbox)).toHaveLength(1);
    const other = await page(5, { authorization: 'Bearer sandbox-carol' });
    expect(downloadCalls(stack.sandbox)).toHaveLength(2);
    expect(other.body).not.toEqual(first.body);
  });

  it('answers from an expired entry while Getty fails, marked stale', async () => {
    stack = await startStack({ config: { protection: protection({ cache: { ttlMs: 20, maxEntries: 100, staleIfErrorMs: 60_000 } }) } });
    const fresh = await page(5);
    expect(fresh.body.extensions?.stale).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 40));
    stack.sandbox.faults = { ...stack.sandbox.faults, rate500: 1 };
    const stale = await page(5);
    expect(stale.body.errors).toBeUndefined();
    expect(stale.body.data).toEqual(fresh.body.data);
    expect(stale.body.extensions).toEqual({ stale: true });
    const uncached = await page(6);
    expect(errorCodes(uncached)).toEqual(['UPSTREAM_UNAVAILABLE']);
  });

  it('opens the breaker after a run of failures, fails fast while open, and closes by itself after recovery', async () => {
    stack = await startStack({
      config: { protection: protection({ breaker: { errorPercent: 50, minimumCalls: 3, windowMs: 10_000, coolDownMs: 400 } }) },
    });
    const health = async () => ((await (await fetch(`${stack!.adminUrl}/healthz`)).json()) as { upstream: { breaker: string } }).upstream.breaker;
    expect(await health()).toBe('closed');
    stack.sandbox.faults = { ...stack.sandbox.faults, rate500: 1 };
    for (let i = 0; i < 3; i += 1) expect(errorCodes(await page(1 + i))).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(await health()).toBe('open');

    // While open, Getty would hang: a call let through would end in UPSTREAM_TIMEOUT, not fail fast.
    stack.sandbox.resetStats();
    stack.sandbox.faults = { ...stack.sandbox.faults, rate500: 0, hangRate: 1 };
    const fast = await page(9);
    expect(fast.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', retryAfterSeconds: 1 });
    expect(downloadCalls(stack.sandbox)).toHaveLength(0);

    stack.sandbox.faults = { ...stack.sandbox.faults, hangRate: 0 };
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(await health()).toBe('half-open');
    const recovered = await page(9);
    expect(recovered.body.errors).toBeUndefined();
    expect(await health()).toBe('closed');
  });
});

/** 1 + 100 × (15 node fields + 2 edge fields) = 1,701 per alias. */
const EVERY_FIELD_PAGE =
  'downloads(first: 100) { nodes { id assetId assetType downloadedAt productType productId agreementName thumbnailUrl sizeName licenseModel downloadSource generatedAssetId notes projectCode } edges { cursor } }';

describe('protecting the gateway from requests', () => {
  let stack: Stack;
  afterEach(async () => {
    await stack.close();
  });

  /** As a current client asks: with application/graphql-response+json, a refused operation is a 400. */
  async function post(body: unknown) {
    const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
    const response = await fetch(`${stack.url}/graphql`, { method: 'POST', headers, body: JSON.stringify(body) });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> },
    };
  }

  it('rejects deep, alias-bombed, directive-heavy, long and costly operations with 400 and a GraphQL error body', async () => {
    stack = await startStack({ config: { limits: { ...readConfig({}).limits, maxDepth: 4, maxAliases: 3, maxDirectives: 2, maxTokens: 200, maxCost: 3_000 } } });
    const cases: Array<[string, string, RegExp]> = [
      ['depth', '{ downloads { edges { node { downloadedBy { username } } } } }', /depth/i],
      ['aliases', '{ a: downloads { totalCount } b: downloads { totalCount } c: downloads { totalCount } d: downloads { totalCount } }', /alias/i],
      ['directives', '{ downloads @skip(if: false) @include(if: true) @skip(if: false) { totalCount } }', /directive/i],
      ['tokens', `{ downloads { ${'totalCount '.repeat(300)} } }`, /token/i],
      ['cost', `{ a: ${EVERY_FIELD_PAGE} b: ${EVERY_FIELD_PAGE} }`, /cost 3402, over the limit of 3000/],
    ];
    for (const [what, query, message] of cases) {
      const answer = await post({ query });
      expect({ what, status: answer.status }).toEqual({ what, status: 400 });
      expect(answer.body.errors?.[0]?.message).toMatch(message);
      expect(typeof answer.body.errors?.[0]?.extensions?.code).toBe('string');
    }
    const fine = await post({ query: `{ ${EVERY_FIELD_PAGE} }` });
    expect(fine.status).toBe(200);
  });

  it("costs an operation by its variables' page sizes, each time", async () => {
    stack = await startStack({ config: { limits: { ...readConfig({}).limits, maxCost: 300 } } });
    const query = 'query($first: Int, $after: String) { downloads(first: $first, after: $after) { nodes { id assetId downloadedAt productType } } }';
    expect((await post({ query, variables: { first: 10 } })).status).toBe(200);
    const costly = await post({ query, variables: { first: 100 } });
    expect(costly.status).toBe(400);
    expect(costly.body.errors?.[0]?.message).toMatch(/cost 501, over the limit of 300/);
    expect((await post({ query, variables: { first: 10, after: null } })).status).toBe(200);
  });

  it('keeps batched requests off unless GRAPHQL_BATCH_MAX is set, and bounds them when it is', async () => {
    stack = await startStack();
    const op = { query: '{ downloads(first: 1) { totalCount } }' };
    const off = await post([op, op]);
    expect(off.status).toBe(400);
    await stack.close();

    stack = await startStack({ config: { limits: { ...readConfig({}).limits, batchMax: 2 } } });
    const two = await fetch(`${stack.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([op, op]) });
    expect(two.status).toBe(200);
    expect(((await two.json()) as unknown[]).length).toBe(2);
    const three = await post([op, op, op]);
    expect(three.status).toBe(400);
    expect(three.body.errors?.[0]?.message).toMatch(/at most 2 operations/);
  });

  it("lets the playground's introspection query through the limits", async () => {
    stack = await startStack();
    const { getIntrospectionQuery } = await import('graphql');
    const answer = await post({
      query: getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true }),
    });
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
  });
});
