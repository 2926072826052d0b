import { afterEach, describe, expect, it } from '@jest/globals';
import { readConfig } from '../../src/config/env.js';
import { downloadCalls, errorCodes, startStack } from './harness.js';
import type { Stack } from './harness.js';

const DEFAULTS = readConfig({}).protection;

async function readyz(base: string): Promise<{ status: number; body: { status: string; reason?: string } }> {
  const response = await fetch(`${base}/readyz`);
  return { status: response.status, body: (await response.json()) as { status: string; reason?: string } };
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Ready once the start-up token grant is in. */
async function untilReady(base: string): Promise<void> {
  await until(async () => (await readyz(base)).status === 200, `${base}/readyz to answer 200`);
}

describe('the admin listener and readiness', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  it('serves /metrics and the detailed /healthz on the admin port only; the public /healthz shows no details', async () => {
    stack = await startStack();
    expect(stack.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(stack.adminUrl).not.toBe(stack.url);

    const publicHealth = await fetch(`${stack.url}/healthz`);
    expect(publicHealth.status).toBe(200);
    expect(await publicHealth.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${stack.url}/metrics`)).status).toBe(404);

    const adminHealth = (await (await fetch(`${stack.adminUrl}/healthz`)).json()) as Record<string, unknown>;
    expect(adminHealth).toMatchObject({ status: 'ok', mode: 'sandbox', upstream: { breaker: 'closed' }, counters: { graphqlRequests: 0 } });
    const metrics = await fetch(`${stack.adminUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await metrics.text();
    expect(text).toContain('# TYPE gateway_graphql_requests_total counter');
    expect(text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
    // The API is not on the admin port.
    expect((await fetch(`${stack.adminUrl}/graphql`, { method: 'POST' })).status).toBe(404);
  });

  it('has no admin listener and no metrics with ADMIN_PORT=-1', async () => {
    stack = await startStack({ config: { admin: { host: '127.0.0.1', port: -1 } } });
    expect(stack.gateway.adminUrl()).toBeUndefined();
    expect(stack.gateway.metrics).toBeUndefined();
    await untilReady(stack.url);
  });

  it('is not ready until the service account has a token, then ready', async () => {
    stack = await startStack({
      // The start-up grant fails on every attempt (one plus two retries).
      beforeGateway: (sandbox) => sandbox.script('token', ...[1, 2, 3].map(() => ({ kind: 'status' as const, status: 500 }))),
    });
    const running = stack;
    await until(() => running.logs.some((line) => String(line.msg).startsWith('could not obtain a service-account token')), 'the failed warm-up');
    for (const base of [running.adminUrl, running.url]) {
      const notReady = await readyz(base);
      expect(notReady.status).toBe(503);
      expect(notReady.body).toEqual({ status: 'not ready', reason: expect.stringContaining('no service-account token yet') });
    }
    // The next request obtains one.
    expect((await running.graphql('{ downloads(first: 1) { totalCount } }')).body.errors).toBeUndefined();
    expect(await readyz(running.adminUrl)).toEqual({ status: 200, body: { status: 'ready' } });
    expect((await readyz(running.url)).status).toBe(200);
  });

  it('is not ready while the breaker is open, and ready again once it closes', async () => {
    stack = await startStack({
      config: { protection: { ...DEFAULTS, maxQps: 0, breaker: { errorPercent: 50, minimumCalls: 3, windowMs: 10_000, coolDownMs: 300 } } },
    });
    const running = stack;
    await untilReady(running.url);
    running.sandbox.faults = { ...running.sandbox.faults, rate500: 1 };
    for (let first = 1; first <= 3; first += 1) {
      expect(errorCodes(await running.graphql(`{ downloads(first: ${first}) { totalCount } }`))).toEqual(['UPSTREAM_UNAVAILABLE']);
    }
    const open = await readyz(running.adminUrl);
    expect(open.status).toBe(503);
    expect(open.body.reason).toContain('circuit breaker is open');
    expect((await readyz(running.url)).status).toBe(503);

    running.sandbox.faults = { ...running.sandbox.faults, rate500: 0 };
    await until(async () => (await readyz(running.adminUrl)).status === 200, 'the half-open breaker');
    expect((await running.graphql('{ downloads(first: 9) { totalCount } }')).body.errors).toBeUndefined();
    expect(await readyz(running.adminUrl)).toEqual({ status: 200, body: { status: 'ready' } });
  });

  it('answers 503 "shutting down" on the admin port while in-flight requests finish', async () => {
    stack = await startStack();
    const running = stack;
    await untilReady(running.adminUrl);
    running.sandbox.script('downloads', { kind: 'latency', ms: 1_000 });
    const inFlight = running.graphql('{ downloads(first: 2) { totalCount } }');
    await until(() => downloadCalls(running.sandbox).length === 1, 'the slow call to reach the sandbox');
    stack = undefined;
    const closing = running.gateway.close();
    const during = await readyz(running.adminUrl);
    expect(during.status).toBe(503);
    expect(during.body.reason).toContain('shutting down');
    expect((await inFlight).body.errors).toBeUndefined();
    await closing;
    await expect(fetch(`${running.adminUrl}/readyz`)).rejects.toThrow();
    await running.sandbox.close();
  });
});
