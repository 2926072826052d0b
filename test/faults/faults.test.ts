import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readConfig } from '../../src/config/env.js';
import type { UpstreamProtection } from '../../src/config/env.js';
import { startSandbox } from '../../src/sandbox/index.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import { downloadCalls, startStack } from '../integration/harness.js';
import { graphqlRequest, runLoad, send } from './load.js';
import type { Outcome } from './load.js';
import { hostileRequests } from './hostile-requests.js';
import { startGatewayProcess } from './gateway-process.js';
import { startSandboxProcess } from '../sandbox-process.js';
import { serverEntry } from '../server-entry.js';
import { publish, row } from './summary.js';
import type { ScenarioRow } from './summary.js';

const DEFAULTS = readConfig({});
const rows: ScenarioRow[] = [];
const PRODUCT_TYPES = ['EASY_ACCESS', 'IMAGE_PACK', 'CREDIT_PACK', 'ROYALTY_FREE_SUBSCRIPTION'];

function protection(overrides: Partial<UpstreamProtection>): UpstreamProtection {
  return { ...DEFAULTS.protection, maxQps: 0, ...overrides };
}

/**
 * A different operation per request (page size and product type vary), so each is its own
 * upstream call: coalescing is measured in its own scenario.
 */
function distinctQuery(index: number): string {
  const productType = PRODUCT_TYPES[index % PRODUCT_TYPES.length];
  return `{ downloads(first: ${1 + (index % 97)}, productType: ${productType}) { totalCount nodes { id downloadedAt downloadedBy { username } } } }`;
}

/** Varied operations, so that only some requests can share an upstream call. */
function pageQuery(index: number): string {
  const productType = index % 5 === 0 ? '' : `, productType: ${PRODUCT_TYPES[index % PRODUCT_TYPES.length]}`;
  return `{ downloads(first: ${1 + (index % 20)}${productType}) { totalCount nodes { id downloadedAt downloadedBy { username } } } }`;
}

/** Marks the row as a miss when an assertion fails, so the table tells the truth either way. */
function record(result: ScenarioRow, check: () => void): void {
  rows.push(result);
  try {
    check();
  } catch (error) {
    result.verdict = 'MISS';
    throw error;
  }
}

let unhandled = 0;
const onUnhandled = () => {
  unhandled += 1;
};

beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  publish(rows);
});

describe('fault and abuse suite', () => {
  it('flaky upstream: 10% 500s, 5% 429s, 50 ms latency, 2,000 requests at concurrency 20', async () => {
    // Sandbox and gateway each run in a process of their own: the RSS measured is the gateway's alone.
    // No QPS limit: the suite is about faults, and its gateway runs with shaping off.
    const upstream = await startSandboxProcess({ faults: { rate500: 0.1, rate429: 0.05, latencyMs: 50 }, faultSeed: 7, qpsLimit: 0 });
    const gateway = await startGatewayProcess(upstream, {
      UPSTREAM_RETRIES: '3',
      UPSTREAM_RETRY_BASE_MS: '20',
      UPSTREAM_RETRY_MAX_DELAY_MS: '200',
      GETTY_MAX_QPS: '0',
    });
    try {
      const url = `${gateway.url}/graphql`;
      // Warm-up long enough for V8 to size its heap for this load: RSS never shrinks back, so
      // growth measured after that is memory the gateway keeps, not the heap finding its size.
      await runLoad({ total: 1_500, concurrency: 20, request: (i) => send(url, graphqlRequest(distinctQuery(i))) });
      const before = await gateway.rssAfterGcMb();
      const outcomes = await runLoad({ total: 2_000, concurrency: 20, request: (i) => send(url, graphqlRequest(distinctQuery(i + 1_500))) });
      const after = await gateway.rssAfterGcMb();
      const result = row('flaky upstream (10% 500, 5% 429, +50 ms; UPSTREAM_RETRIES=3)', outcomes, { rss: { beforeMb: before, afterMb: after } });
      record(result, () => {
        expect(outcomes).toHaveLength(2_000);
        expect(result.withData / result.requests).toBeGreaterThanOrEqual(0.995);
        const failureCodes = new Set(outcomes.filter((o) => !o.hasData).flatMap((o) => o.codes));
        for (const code of failureCodes) expect(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_RATE_LIMITED']).toContain(code);
        expect(outcomes.filter((o) => o.networkError !== undefined)).toEqual([]);
        expect(unhandled).toBe(0);
        expect(after).toBeLessThanOrEqual(before * 1.2);
      });
    } finally {
      await gateway.stop();
      await upstream.stop();
    }
  }, 120_000);

  it('hanging upstream: bounded answers, the breaker opens and fails fast, then closes by itself', async () => {
    const timeoutMs = 250;
    // The cool-down outlasts the open phase's 200 requests even on a slow, shared machine, so no
    // half-open probe (which would hang) falls inside it.
    const coolDownMs = 15_000;
    const stack = await startStack({
      sandbox: { faults: { hangRate: 1 } },
      config: {
        upstream: { timeoutMs, maxBodyBytes: readConfig({}).upstream.maxBodyBytes, retries: 1, retryBaseMs: 20, retryMaxDelayMs: 100 },
        protection: protection({ breaker: { errorPercent: 50, minimumCalls: 5, windowMs: 10_000, coolDownMs } }),
      },
    });
    const breaker = async () => ((await (await fetch(`${stack.adminUrl}/healthz`)).json()) as { upstream: { breaker: string } }).upstream.breaker;
    try {
      const url = `${stack.url}/graphql`;
      const hanging = await runLoad({ total: 20, concurrency: 5, request: (i) => send(url, graphqlRequest(pageQuery(i))) });
      const stateWhileHanging = await breaker();
      const attemptsWhileHanging = downloadCalls(stack.sandbox).length;
      stack.sandbox.resetStats();
      // Light load, so the table's figure is the time to fail rather than queueing behind other requests.
      const open = await runLoad({ total: 200, concurrency: 2, request: (i) => send(url, graphqlRequest(pageQuery(i))) });
      const callsWhileOpen = downloadCalls(stack.sandbox).length;
      stack.sandbox.faults = { ...stack.sandbox.faults, hangRate: 0 };
      await new Promise((resolve) => setTimeout(resolve, coolDownMs + 100));
      const recovered = await send(url, graphqlRequest(pageQuery(1)));
      const stateAfter = await breaker();
      rows.push(row('hanging upstream: calls time out (budget 2 × 250 ms + retry)', hanging));
      const result = row('hanging upstream: breaker open, then a probe closes it', [...open, recovered]);
      record(result, () => {
        // Each attempt is cut by its timeout: at most two (one retry) per request, however long Getty hangs.
        expect(attemptsWhileHanging).toBeLessThanOrEqual(2 * hanging.length);
        expect(hanging.every((o) => ['UPSTREAM_TIMEOUT', 'UPSTREAM_UNAVAILABLE'].includes(o.codes[0] ?? ''))).toBe(true);
        expect(stateWhileHanging).toBe('open');
        // Failing fast means not calling Getty at all while open (a call let through would hang).
        expect(callsWhileOpen).toBe(0);
        expect(open.every((o) => o.codes[0] === 'UPSTREAM_UNAVAILABLE' && o.body?.errors?.[0]?.extensions?.retryAfterSeconds !== undefined)).toBe(true);
        expect(recovered.hasData).toBe(true);
        expect(stateAfter).toBe('closed');
      });
    } finally {
      await stack.close();
    }
  }, 60_000);

  it('upstream killed and started again: the gateway recovers without a restart', async () => {
    const stack = await startStack({
      config: { protection: protection({ breaker: { errorPercent: 50, minimumCalls: 5, windowMs: 10_000, coolDownMs: 500 } }) },
    });
    let restarted: Sandbox | undefined;
    try {
      const url = `${stack.url}/graphql`;
      const port = Number(new URL(stack.sandbox.url).port);
      const before = await send(url, graphqlRequest(pageQuery(1)));
      await stack.sandbox.close();
      const down = await runLoad({ total: 20, concurrency: 5, request: (i) => send(url, graphqlRequest(pageQuery(i))) });
      restarted = await startSandbox({ port, dataset: stack.dataset, qpsLimit: 0 });
      const after: Outcome[] = [];
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const outcome = await send(url, graphqlRequest(pageQuery(2)));
        after.push(outcome);
        if (outcome.hasData) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const result = row('upstream killed, then started again', [before, ...down, ...after]);
      record(result, () => {
        expect(before.hasData).toBe(true);
        expect(down.every((o) => o.codes[0] === 'UPSTREAM_UNAVAILABLE')).toBe(true);
        expect(after.at(-1)?.hasData).toBe(true);
      });
    } finally {
      await stack.close();
      await restarted?.close();
    }
  }, 60_000);

  it('SIGTERM under load: in-flight requests complete, none is reset, exit 0', async () => {
    const child = spawn(process.execPath, [serverEntry()], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', ADMIN_PORT: '0', GETTY_MAX_QPS: '0', SANDBOX_QPS: '0', SANDBOX_LATENCY_MS: '200', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const graphqlUrl = await new Promise<string>((resolve, reject) => {
      let banner = '';
      child.stderr.on('data', (chunk: Buffer) => {
        banner += chunk.toString();
        const match = /GraphQL endpoint: (\S+)/.exec(banner);
        if (match?.[1]) resolve(match[1]);
      });
      void exit.then((code) => reject(new Error(`exited early with ${code}`)));
    });
    let stopping = false;
    const load = runLoad({ total: 100_000, concurrency: 20, stop: () => stopping, request: (i) => send(graphqlUrl, graphqlRequest(pageQuery(i))) });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    stopping = true;
    // Requests a worker started just before `stopping` must reach the gateway before the
    // signal, or they arrive after it and are rightly refused (503): they were not in flight.
    await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill('SIGTERM');
    const outcomes = await load;
    const code = await exit;
    const result = row('SIGTERM under load (+200 ms upstream latency)', outcomes);
    record(result, () => {
      expect(outcomes.length).toBeGreaterThan(60);
      expect(outcomes.filter((o) => o.networkError !== undefined)).toEqual([]);
      expect(outcomes.filter((o) => o.status !== 200 || !o.hasData)).toEqual([]);
      expect(code).toBe(0);
    });
  }, 60_000);

  it('200 hostile requests: each refused with a coded GraphQL error (4xx, or 200 with the field null), never a 5xx, and the gateway lives on', async () => {
    const stack = await startStack();
    try {
      const requests = hostileRequests(stack.url);
      expect(requests).toHaveLength(200);
      const outcomes: Outcome[] = [];
      for (const request of requests) outcomes.push(await send(request.url, request.init));
      const alive = await fetch(`${stack.url}/healthz`);
      const result = row('200 hostile requests', outcomes);
      record(result, () => {
        const wrong = outcomes
          .map((outcome, index) => ({ what: requests[index]!.what, status: outcome.status, codes: outcome.codes }))
          // Arguments the resolver refuses are field errors: 200, `downloads` null, BAD_USER_INPUT.
          .filter(
            (o) =>
              (o.status < 400 && !(o.status === 200 && o.codes.every((code) => code === 'BAD_USER_INPUT'))) ||
              o.status >= 500 ||
              o.codes.length === 0 ||
              o.codes.includes('NO_CODE'),
          );
        expect(wrong).toEqual([]);
        expect(alive.status).toBe(200);
      });
    } finally {
      await stack.close();
    }
  }, 60_000);

  it("two customers interleaved with coalescing and the cache on: nobody sees the other's data", async () => {
    const stack = await startStack({
      sandbox: { faults: { latencyMs: 30 } },
      config: { protection: protection({ cache: { ttlMs: 2_000, maxEntries: 100, staleIfErrorMs: 10_000 } }) },
    });
    try {
      const url = `${stack.url}/graphql`;
      const customers = [
        { token: 'sandbox-bob', username: 'bob.k' },
        { token: 'sandbox-carol', username: 'carol.m' },
      ];
      const outcomes = await runLoad({
        total: 400,
        concurrency: 20,
        request: (i) => {
          const customer = customers[i % 2]!;
          return send(
            url,
            graphqlRequest(`{ downloads(first: ${1 + (i % 3)}) { nodes { downloadedBy { username } } } }`, undefined, { authorization: `Bearer ${customer.token}` }),
          );
        },
      });
      const leaks = outcomes.filter((outcome, index) => {
        const nodes = (outcome.body?.data?.downloads as { nodes: Array<{ downloadedBy: { username: string } }> } | undefined)?.nodes ?? [];
        return nodes.some((node) => node.downloadedBy.username !== customers[index % 2]!.username);
      });
      const result = row('two customers interleaved (coalescing + cache)', outcomes);
      record(result, () => {
        expect(outcomes.every((o) => o.hasData)).toBe(true);
        expect(leaks).toEqual([]);
      });
    } finally {
      await stack.close();
    }
  }, 60_000);
});
