import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { closedPort } from '../closed-port.js';
import { downloadCalls, errorCodes, startStack, TEST_UPSTREAM } from './harness.js';
import type { Stack } from './harness.js';

const QUERY = '{ downloads(first: 5) { totalCount nodes { id } } }';

describe('error codes', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => {
    stack.sandbox.resetStats();
    stack.sandbox.resetFaults();
  });

  describe('BAD_USER_INPUT, before any upstream call', () => {
    it.each([
      ['first and last together', '{ downloads(first: 1, last: 1) { totalCount } }', /either `first`.*or `last`/, 'last'],
      ['first over 100', '{ downloads(first: 101) { totalCount } }', /`first` must be from 0 to 100 \(got 101\)/, 'first'],
      ['negative last', '{ downloads(last: -3) { totalCount } }', /`last` must be from 0 to 100/, 'last'],
      ['a malformed cursor', '{ downloads(after: "bm9wZQ") { totalCount } }', /not a cursor this API issued/, 'after'],
      ['a range that ends before it starts', '{ downloads(dateRange: { from: "2026-03-02", to: "2026-03-01" }) { totalCount } }', /after dateRange.to/, 'dateRange'],
    ])('%s', async (_what, query, message, argument) => {
      const response = await stack.graphql(query);
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.body.errors?.[0]?.message).toMatch(message);
      expect(response.body.errors?.[0]?.extensions?.argument).toBe(argument);
      expect(response.body.errors?.[0]?.path).toEqual(['downloads']);
      expect(response.body.data).toEqual({ downloads: null });
      expect(downloadCalls(stack.sandbox)).toHaveLength(0);
    });

    it('a cursor used with other filters', async () => {
      const first = await stack.graphql('{ downloads(first: 2) { pageInfo { endCursor } } }');
      const cursor = (first.body.data as { downloads: { pageInfo: { endCursor: string } } }).downloads.pageInfo.endCursor;
      const response = await stack.graphql('query($c: String) { downloads(first: 2, after: $c, productType: IMAGE_PACK) { totalCount } }', { c: cursor });
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.body.errors?.[0]?.message).toMatch(/issued for other filters/);
    });

    it('a date that is not a date, as a variable', async () => {
      const response = await stack.graphql('query($from: Date) { downloads(dateRange: { from: $from }) { totalCount } }', { from: '2026-02-30' });
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
      expect(response.body.errors?.[0]?.message).toMatch(/YYYY-MM-DD.*\(got "2026-02-30"\)/);
    });

    it.each(['03/01/2026', '2026-3-1', 'yesterday'])('the same bad date %s inline and as a variable: the same code, a message naming YYYY-MM-DD', async (date) => {
      const inline = await stack.graphql(`{ downloads(dateRange: { from: "${date}" }) { totalCount } }`);
      const variable = await stack.graphql('query($from: Date) { downloads(dateRange: { from: $from }) { totalCount } }', { from: date });
      for (const response of [inline, variable]) {
        expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
        expect(response.body.errors?.[0]?.message).toContain(`A Date is a calendar day written YYYY-MM-DD, e.g. 2026-03-01 (got "${date}")`);
      }
      expect(inline.status).toBe(variable.status);
      expect(downloadCalls(stack.sandbox)).toHaveLength(0);
    });

    it("an upstream 400 carries Getty's ErrorCode as upstreamCode", async () => {
      stack.sandbox.script('downloads', { kind: 'status', status: 400, body: { ErrorCode: 'InvalidParameterValue', ErrorMessage: 'bad' } });
      const response = await stack.graphql(QUERY);
      expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', upstreamCode: 'InvalidParameterValue' });
      expect(downloadCalls(stack.sandbox)).toHaveLength(1);
    });
  });

  describe('partial results: a failing field leaves its siblings their data', () => {
    it('a refused alias is null with its error (code and path) next to the alias that worked', async () => {
      const response = await stack.graphql('{ ok: downloads(first: 2) { totalCount nodes { id } } bad: downloads(first: 500) { totalCount nodes { id } } }');
      expect(response.status).toBe(200);
      const data = response.body.data as { ok: { totalCount: number; nodes: unknown[] }; bad: null };
      expect(data.ok.nodes).toHaveLength(2);
      expect(data.ok.totalCount).toBeGreaterThan(2);
      expect(data.bad).toBeNull();
      expect(response.body.errors).toHaveLength(1);
      expect(response.body.errors?.[0]).toMatchObject({ path: ['bad'], extensions: { code: 'BAD_USER_INPUT', argument: 'first' } });
    });

    it("an upstream failure in one alias keeps the other's data", async () => {
      stack.sandbox.script('downloads', { kind: 'status', status: 403 });
      const response = await stack.graphql('{ a: downloads(first: 1) { totalCount } b: downloads(first: 2) { totalCount } }');
      const data = response.body.data as Record<string, { totalCount: number } | null>;
      expect(Object.values(data).filter((value) => value === null)).toHaveLength(1);
      expect(Object.values(data).filter((value) => value !== null && value.totalCount > 0)).toHaveLength(1);
      expect(response.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(response.body.errors?.[0]?.path).toHaveLength(1);
    });
  });

  describe('UNAUTHENTICATED', () => {
    it('a bearer token Getty rejects (401, not retried)', async () => {
      const response = await stack.graphql(QUERY, undefined, { authorization: 'Bearer not-a-token' });
      expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
      expect(response.body.errors?.[0]?.message).toMatch(/Authorization: Bearer/);
      expect(downloadCalls(stack.sandbox)).toHaveLength(1);
    });

    it('a malformed Authorization header', async () => {
      const response = await stack.graphql(QUERY, undefined, { authorization: 'Token abc' });
      expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
      expect(downloadCalls(stack.sandbox)).toHaveLength(0);
    });

    it('no credential at all, saying how to authenticate', async () => {
      const bare = await startStack({ serviceAccount: false, sandbox: { dataset: stack.dataset } });
      try {
        const response = await bare.graphql(QUERY);
        expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
        expect(response.body.errors?.[0]?.message).toMatch(/No Getty credential: send `Authorization: Bearer/);
        expect(downloadCalls(bare.sandbox)).toHaveLength(0);
      } finally {
        await bare.close();
      }
    });

    it('a service account Getty refuses', async () => {
      const refused = await startStack({
        serviceAccount: { grant: 'password', username: 'alice.w', password: 'wrong' },
        sandbox: { dataset: stack.dataset },
      });
      try {
        const response = await refused.graphql(QUERY);
        expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
        expect(response.body.errors?.[0]?.message).toMatch(/refused the gateway's service account/);
        expect(refused.logText()).not.toContain('wrong');
      } finally {
        await refused.close();
      }
    });
  });

  it('FORBIDDEN: company downloads for an account not enabled for them (not retried)', async () => {
    const response = await stack.graphql('{ downloads(companyDownloads: true) { totalCount } }', undefined, { authorization: 'Bearer sandbox-sam' });
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    expect(response.body.errors?.[0]?.message).toMatch(/companyDownloads/);
    expect(downloadCalls(stack.sandbox)).toHaveLength(1);
  });

  describe('retries', () => {
    it('retries a 500 and a 429, then answers with data', async () => {
      stack.sandbox.script('downloads', { kind: 'status', status: 500 }, { kind: 'status', status: 429 });
      const response = await stack.graphql(QUERY);
      expect(response.body.errors).toBeUndefined();
      expect((response.body.data as { downloads: { nodes: unknown[] } }).downloads.nodes).toHaveLength(5);
      expect(downloadCalls(stack.sandbox).map((call) => call.status)).toEqual([500, 429, 200]);
    });

    it('retries an attempt that timed out', async () => {
      const quick = await startStack({ sandbox: { dataset: stack.dataset }, config: { upstream: { ...TEST_UPSTREAM, timeoutMs: 150, retries: 1 } } });
      try {
        quick.sandbox.script('downloads', { kind: 'hang' });
        const response = await quick.graphql(QUERY);
        expect(response.body.errors).toBeUndefined();
        expect(downloadCalls(quick.sandbox).map((call) => call.status)).toEqual([0, 200]);
      } finally {
        await quick.close();
      }
    });

    it('honours Retry-After', async () => {
      stack.sandbox.script('downloads', { kind: 'status', status: 429, headers: { 'retry-after': '0.04' } });
      const started = performance.now();
      const response = await stack.graphql(QUERY);
      expect(response.body.errors).toBeUndefined();
      const elapsed = performance.now() - started;
      // Without Retry-After the retry would leave after the 5 ms test backoff.
      expect(elapsed).toBeGreaterThanOrEqual(35);
    });
  });

  it('UPSTREAM_RATE_LIMITED after retries, with retryAfterSeconds when Getty sent one', async () => {
    const limited = { kind: 'status', status: 429, headers: { 'retry-after': '0' } } as const;
    stack.sandbox.script('downloads', limited, limited, limited);
    const response = await stack.graphql(QUERY);
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', retryAfterSeconds: 0 });
    expect(downloadCalls(stack.sandbox)).toHaveLength(3);
  });

  it('UPSTREAM_UNAVAILABLE after retries of 5xx', async () => {
    stack.sandbox.script('downloads', { kind: 'status', status: 503 }, { kind: 'status', status: 500 }, { kind: 'status', status: 502 });
    const response = await stack.graphql(QUERY);
    expect(errorCodes(response)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(response.body.errors?.[0]?.message).toMatch(/HTTP 502 \(after retries\)/);
    expect(downloadCalls(stack.sandbox)).toHaveLength(3);
  });

  it('UPSTREAM_UNAVAILABLE when nothing listens upstream', async () => {
    const port = await closedPort();
    const down = await startStack({ sandbox: { dataset: stack.dataset }, target: { apiUrl: `http://127.0.0.1:${port}` } });
    try {
      const response = await down.graphql(QUERY);
      expect(errorCodes(response)).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(response.body.errors?.[0]?.message).toMatch(/ECONNREFUSED/);
    } finally {
      await down.close();
    }
  });

  it('UPSTREAM_TIMEOUT when Getty hangs on every attempt', async () => {
    const slow = await startStack({ sandbox: { dataset: stack.dataset }, config: { upstream: { ...TEST_UPSTREAM, timeoutMs: 100, retries: 1 } } });
    try {
      slow.sandbox.script('downloads', { kind: 'hang' }, { kind: 'hang' });
      const response = await slow.graphql(QUERY);
      expect(errorCodes(response)).toEqual(['UPSTREAM_TIMEOUT']);
      expect(downloadCalls(slow.sandbox)).toHaveLength(2);
    } finally {
      await slow.close();
    }
  });

  it.each([
    ['a body that is not JSON', { kind: 'garbage' } as const, /not JSON/],
    ['JSON of another shape', { kind: 'wrong-shape' } as const, /no valid result_count|downloads array/],
  ])('UPSTREAM_BAD_RESPONSE for %s', async (_what, fault, message) => {
    stack.sandbox.script('downloads', fault);
    const response = await stack.graphql(QUERY);
    expect(errorCodes(response)).toEqual(['UPSTREAM_BAD_RESPONSE']);
    expect(response.body.errors?.[0]?.message).toMatch(message);
  });

  it('in production: no stack traces and no upstream URLs in responses', async () => {
    const production = await startStack({ sandbox: { dataset: stack.dataset }, config: { runtimeEnv: 'production' } });
    try {
      production.sandbox.script('downloads', { kind: 'garbage' });
      const failing = await production.graphql(QUERY);
      const port = await closedPort();
      const down = await startStack({ sandbox: { dataset: stack.dataset }, config: { runtimeEnv: 'production' }, target: { apiUrl: `http://127.0.0.1:${port}` } });
      const unreachable = await down.graphql(QUERY);
      await down.close();
      // Production adds armor's field-suggestion masking, which rewrites every error's message.
      expect(errorCodes(failing)).toEqual(['UPSTREAM_BAD_RESPONSE']);
      expect(errorCodes(unreachable)).toEqual(['UPSTREAM_UNAVAILABLE']);
      for (const response of [failing, unreachable]) {
        expect(response.body.errors?.[0]?.extensions?.stacktrace).toBeUndefined();
        const text = JSON.stringify(response.body);
        expect(text).not.toMatch(/https?:\/\//);
        expect(text).not.toContain('127.0.0.1');
      }
      const development = await stack.graphql('{ downloads(first: 500) { totalCount } }');
      expect(development.body.errors?.[0]?.extensions?.stacktrace).toBeDefined();
      // Field suggestions would map the schema for an attacker: production masks them.
      const typo = '{ downloadz(first: 1) { totalCount } }';
      expect((await stack.graphql(typo)).body.errors?.[0]?.message).toMatch(/Did you mean "downloads"/);
      const masked = (await production.graphql(typo)).body.errors?.[0]?.message;
      expect(masked).toMatch(/downloadz/);
      expect(masked).not.toMatch(/Did you mean|"downloads"/);
    } finally {
      await production.close();
    }
  });
});
