import { afterEach, describe, expect, it } from '@jest/globals';
import { MemoryTokenStore } from '../../src/auth/token-store.js';
import type { StoredToken } from '../../src/auth/token-store.js';
import { downloadCalls, errorCodes, startStack } from './harness.js';
import type { Stack } from './harness.js';

/** The in-memory store, counting the batch lookups the token loader makes. */
class CountingStore extends MemoryTokenStore {
  lookups = 0;
  override async getMany(keys: readonly string[]): Promise<Array<StoredToken | undefined>> {
    this.lookups += 1;
    return super.getMany(keys);
  }
}

const THREE_FIELDS = `{
  mine: downloads(first: 3) { totalCount }
  easy: downloads(first: 3, productType: EASY_ACCESS) { totalCount }
  company: downloads(first: 3, companyDownloads: true) { totalCount }
}`;

describe('tokens', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  const tokenCalls = (s: Stack) => s.sandbox.stats.requests.filter((r) => r.path === '/oauth2/token');

  it('looks the token up once per request, however many fields call Getty', async () => {
    const store = new CountingStore();
    stack = await startStack({ tokenStore: store });
    await stack.graphql('{ downloads(first: 1) { totalCount } }');
    const lookupsBefore = stack.gateway.counters.tokenLookups;
    const storeBefore = store.lookups;
    stack.sandbox.resetStats();

    const response = await stack.graphql(THREE_FIELDS);
    expect(response.body.errors).toBeUndefined();
    expect(Object.keys(response.body.data ?? {})).toEqual(['mine', 'easy', 'company']);
    expect(downloadCalls(stack.sandbox)).toHaveLength(3);
    expect(stack.gateway.counters.tokenLookups - lookupsBefore).toBe(1);
    expect(store.lookups - storeBefore).toBe(1);
  });

  it('makes one token-endpoint call for 50 concurrent requests, at start and at renewal', async () => {
    let clock = Date.now();
    const now = () => new Date(clock);
    stack = await startStack({ now, sandbox: { tokenTtlSeconds: 1800 } });
    const s = stack;
    const burst = () => Promise.all(Array.from({ length: 50 }, () => s.graphql('{ downloads(first: 2) { totalCount } }')));

    const cold = await burst();
    expect(cold.every((r) => r.body.errors === undefined)).toBe(true);
    expect(tokenCalls(s).map((call) => call.grantType)).toEqual(['password']);

    clock += 1800 * 1000 - 30_000; // inside the renewal margin, still valid
    s.sandbox.resetStats();
    const renewed = await burst();
    expect(renewed.every((r) => r.body.errors === undefined)).toBe(true);
    expect(tokenCalls(s).map((call) => call.grantType)).toEqual(['refresh_token']);
    // Identical concurrent requests share upstream calls; each still answers with data.
    expect(renewed.every((r) => (r.body.data as { downloads: { totalCount: number } }).downloads.totalCount > 0)).toBe(true);
  });

  it('keeps using a still-valid token when renewal fails', async () => {
    let clock = Date.now();
    stack = await startStack({ now: () => new Date(clock) });
    await stack.graphql('{ downloads(first: 1) { totalCount } }');
    clock += 1800 * 1000 - 30_000;
    stack.sandbox.script('token', { kind: 'status', status: 503 }, { kind: 'status', status: 503 }, { kind: 'status', status: 503 });
    const response = await stack.graphql('{ downloads(first: 1) { totalCount } }');
    expect(response.body.errors).toBeUndefined();
    expect(stack.logs.some((line) => line.msg === 'token renewal failed; using the current token until it expires')).toBe(true);
  });

  it('replaces a service-account token Getty refuses before its expiry, once, and answers', async () => {
    stack = await startStack();
    await stack.graphql('{ downloads(first: 1) { totalCount } }');
    stack.sandbox.resetStats();
    stack.sandbox.script('downloads', { kind: 'status', status: 401 });
    const response = await stack.graphql('{ downloads(first: 1) { totalCount } }');
    expect(response.body.errors).toBeUndefined();
    expect(tokenCalls(stack).length).toBe(1);
    expect(downloadCalls(stack.sandbox).map((call) => call.status)).toEqual([401, 200]);
  });

  it("never replaces a caller's own refused token", async () => {
    stack = await startStack();
    stack.sandbox.resetStats();
    stack.sandbox.script('downloads', { kind: 'status', status: 401 });
    const response = await stack.graphql('{ downloads(first: 1) { totalCount } }', undefined, { authorization: 'Bearer sandbox-bob' });
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect(downloadCalls(stack.sandbox)).toHaveLength(1);
  });

  it("forwards the caller's Accept-Language to Getty", async () => {
    stack = await startStack();
    await stack.graphql('{ downloads(first: 1) { totalCount } }', undefined, { 'accept-language': 'de-DE, en;q=0.5' });
    expect(downloadCalls(stack.sandbox).at(-1)?.acceptLanguage).toBe('de-DE, en;q=0.5');
  });

  it('sends the Api-Key on every upstream call', async () => {
    stack = await startStack();
    await stack.graphql(THREE_FIELDS);
    const calls = stack.sandbox.stats.requests;
    expect(calls.length).toBeGreaterThan(3);
    expect(calls.every((call) => call.hasApiKey)).toBe(true);
  });

  it('never writes tokens, passwords or the API secret to the logs', async () => {
    stack = await startStack();
    await stack.graphql(THREE_FIELDS, undefined, { authorization: 'Bearer sandbox-bob' });
    await stack.graphql(THREE_FIELDS);
    await stack.graphql('{ downloads { totalCount } }', undefined, { authorization: 'Bearer leaked-secret-token' });
    const text = stack.logText();
    expect(text.length).toBeGreaterThan(0);
    for (const secret of ['sandbox-bob', 'leaked-secret-token', stack.sandbox.apiSecret, stack.sandbox.serviceAccount.password]) {
      expect(text).not.toContain(secret);
    }
    const issued = stack.sandbox.demoUsers.map((user) => user.bearerToken);
    for (const token of issued) expect(text).not.toContain(token);
  });

  it('answers UNAUTHENTICATED for an expired caller token', async () => {
    let clock = Date.now();
    stack = await startStack({ now: () => new Date(clock), serviceAccount: false });
    const form = new URLSearchParams({
      grant_type: 'password',
      username: 'bob.k',
      password: 'bob-password',
      client_id: stack.sandbox.apiKey,
      client_secret: stack.sandbox.apiSecret,
    });
    const issued = (await (await fetch(stack.sandbox.tokenUrl, { method: 'POST', body: form })).json()) as { access_token: string };
    const ok = await stack.graphql('{ downloads(first: 1) { totalCount } }', undefined, { authorization: `Bearer ${issued.access_token}` });
    expect(ok.body.errors).toBeUndefined();
    clock += 1801 * 1000;
    const expired = await stack.graphql('{ downloads(first: 1) { totalCount } }', undefined, { authorization: `Bearer ${issued.access_token}` });
    expect(errorCodes(expired)).toEqual(['UNAUTHENTICATED']);
  });
});
