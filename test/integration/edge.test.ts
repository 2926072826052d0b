import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { connect } from 'node:net';
import { readConfig } from '../../src/config/env.js';
import { CookieJar, signIn } from './browser-session.js';
import { downloadCalls, errorCodes, startStack } from './harness.js';
import type { Stack } from './harness.js';

const DEFAULTS = readConfig({});
const QUERY = '{ downloads(first: 1) { totalCount } }';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A GET with a Host header of our choosing (fetch does not let a caller set one). */
function getWithHost(url: string, host: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const call = request(url, { headers: { host } }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    call.on('error', reject);
    call.end();
  });
}

describe('a guarded service account', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ config: { access: { clientKeyDigests: [sha256('backend-key')], anonymous: false } } });
  });
  afterAll(() => stack.close());

  it('refuses an anonymous request without calling Getty, saying how to authenticate', async () => {
    stack.sandbox.resetStats();
    const response = await stack.graphql(QUERY);
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    const message = response.body.errors?.[0]?.message ?? '';
    expect(message).toMatch(/Authorization: Bearer/);
    expect(message).toMatch(/\/auth\/login/);
    expect(message).toMatch(/X-Gateway-Key/);
    expect(downloadCalls(stack.sandbox)).toHaveLength(0);
  });

  it('answers a request with a configured client key as the service account', async () => {
    const response = await stack.graphql(QUERY, undefined, { 'x-gateway-key': 'backend-key' });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data).toEqual({ downloads: { totalCount: expect.any(Number) } });
  });

  it('refuses an unknown client key', async () => {
    expect(errorCodes(await stack.graphql(QUERY, undefined, { 'x-gateway-key': 'guessed-key' }))).toEqual(['UNAUTHENTICATED']);
  });

  it('never logs a client key, accepted or not', () => {
    expect(stack.logs.length).toBeGreaterThan(0);
    expect(stack.logText()).not.toMatch(/backend-key|guessed-key/);
  });

  it('still answers a caller with its own bearer token', async () => {
    const response = await stack.graphql(QUERY, undefined, { authorization: 'Bearer sandbox-bob' });
    expect(response.body.errors).toBeUndefined();
  });

  it('answers anonymous requests when the operator opts in', async () => {
    const open = await startStack({ sandbox: { dataset: stack.dataset }, config: { access: { clientKeyDigests: [], anonymous: true } } });
    try {
      expect((await open.graphql(QUERY)).body.errors).toBeUndefined();
    } finally {
      await open.close();
    }
  });
});

describe('the edge', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('refuses a Host it does not serve before any work, with a JSON error', async () => {
    stack.sandbox.resetStats();
    const refused = await getWithHost(`${stack.url}/graphql?query=${encodeURIComponent(QUERY)}`, 'rebound.attacker.example');
    expect(refused.status).toBe(421);
    expect(refused.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(refused.body)).toMatchObject({ errors: [{ extensions: { code: 'HOST_NOT_ALLOWED' } }] });
    expect(downloadCalls(stack.sandbox)).toHaveLength(0);
    expect((await getWithHost(`${stack.url}/healthz`, 'rebound.attacker.example')).status).toBe(421);
    // Its own names, with any port.
    expect((await getWithHost(`${stack.url}/healthz`, 'localhost:1234')).status).toBe(200);
    expect((await getWithHost(`${stack.url}/healthz`, new URL(stack.url).host)).status).toBe(200);
  });

  it('refuses a rebound name on the admin port too, but answers it by IP address', async () => {
    expect((await getWithHost(`${stack.adminUrl}/metrics`, 'rebound.attacker.example')).status).toBe(421);
    expect((await getWithHost(`${stack.adminUrl}/healthz`, '10.1.2.3:9464')).status).toBe(200);
  });

  it('marks GraphQL answers private and uncacheable, by POST and by GET', async () => {
    expect((await stack.graphql(QUERY)).headers.get('cache-control')).toBe('private, no-store');
    const get = await fetch(`${stack.url}/graphql?query=${encodeURIComponent(QUERY)}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(200);
    expect(get.headers.get('cache-control')).toBe('private, no-store');
    const failed = await fetch(`${stack.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(failed.headers.get('cache-control')).toBe('private, no-store');
  });

  it('sends X-Content-Type-Options: nosniff on every answer', async () => {
    const page = await fetch(`${stack.url}/`, { headers: { accept: 'text/html' } });
    const asset = /<script[^>]* src="(\/[^"]+)"/.exec(await page.text())?.[1];
    expect(asset).toBeDefined();
    const answers = [
      page,
      await fetch(`${stack.url}${asset ?? ''}`),
      await fetch(`${stack.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY }) }),
      await fetch(`${stack.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }),
      await fetch(`${stack.url}/nowhere`),
      await fetch(`${stack.url}/healthz`),
      await fetch(`${stack.adminUrl}/metrics`),
      await fetch(`${stack.adminUrl}/nowhere`),
    ];
    for (const answer of answers) expect([answer.url, answer.headers.get('x-content-type-options')]).toEqual([answer.url, 'nosniff']);
    expect((await getWithHost(`${stack.url}/healthz`, 'rebound.attacker.example')).headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('the per-client request limit', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      config: { access: { clientKeyDigests: [sha256('backend-key')], anonymous: true }, edge: { ...DEFAULTS.edge, clientRateLimit: 3 } },
    });
  });
  afterAll(() => stack.close());

  it('answers 429 RATE_LIMITED with Retry-After once a client is over it, before GraphQL runs', async () => {
    for (let i = 0; i < 3; i += 1) expect((await stack.graphql(QUERY)).status).toBe(200);
    stack.sandbox.resetStats();
    const over = await stack.graphql(QUERY);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(errorCodes(over)).toEqual(['RATE_LIMITED']);
    expect(over.body.errors?.[0]?.message).toMatch(/Retry-After/);
    expect(downloadCalls(stack.sandbox)).toHaveLength(0);
    // Health is not GraphQL: never limited.
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200);
  });

  it('counts a live session and a client key apart from the address they come from, and a made-up session cookie as the address', async () => {
    const withKey = { 'x-gateway-key': 'backend-key' };
    const jar = new CookieJar();
    await signIn(jar, stack.url, 'bob.k');
    const withSession = jar.header();
    for (let i = 0; i < 3; i += 1) {
      expect((await stack.graphql(QUERY, undefined, withKey)).status).toBe(200);
      expect((await stack.graphql(QUERY, undefined, withSession)).status).toBe(200);
    }
    expect((await stack.graphql(QUERY, undefined, withKey)).status).toBe(429);
    expect((await stack.graphql(QUERY, undefined, withSession)).status).toBe(429);
    // Each made-up id would open a window of its own if cookies were trusted; counted as the address, the fourth is over.
    const madeUp: number[] = [];
    for (let i = 0; i < 4; i += 1) madeUp.push((await stack.graphql(QUERY, undefined, { cookie: `gateway-session=made-up-${i}` })).status);
    expect(madeUp).toContain(429);
  });
});

describe('server timeouts', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ config: { edge: { ...DEFAULTS.edge, clientRateLimit: 0, timeouts: { ...DEFAULTS.edge.timeouts, requestMs: 300, headersMs: 300 } } } });
  });
  afterAll(() => stack.close());

  it('cuts off a client that drips its body, with 408, while it is still sending', async () => {
    const { hostname, port } = new URL(stack.url);
    const socket = connect(Number(port), hostname);
    const body = JSON.stringify({ query: QUERY }).padEnd(100_000, ' ');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    let sent = 0;
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.on('connect', () => resolve()));
    socket.write(`POST /graphql HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    // One byte at a time, each well within the socket's idle timeout: only the request timeout can end this.
    const drip = setInterval(() => {
      if (socket.destroyed || sent >= body.length) return;
      socket.write(body[sent] ?? ' ');
      sent += 1;
    }, 10);
    await closed;
    clearInterval(drip);
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(sent).toBeLessThan(body.length);
  });
});
