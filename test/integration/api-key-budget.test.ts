import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import { readConfig } from '../../src/config/env.js';
import { DEFAULT_QPS_LIMIT } from '../../src/sandbox/index.js';
import type { RecordedRequest } from '../../src/sandbox/index.js';
import { errorCodes, startStackOnSandboxProcess } from './harness.js';
import type { GraphQLResponse, RemoteSandboxStack } from './harness.js';

/** What `npm start` runs with: GETTY_MAX_QPS=5, UPSTREAM_QUEUE_MS=1000, and the sandbox's default limit of 5. */
const DEFAULT_PROTECTION = readConfig({}).protection;

/** The most calls the sandbox received in any 1 s (its arrival times, as Getty would count them). */
function busiestSecond(requests: readonly RecordedRequest[]): number {
  const times = requests.map((request) => request.receivedAt).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i += 1) {
    while (j < times.length && times[j]! < times[i]! + 1000) j += 1;
    most = Math.max(most, j - i);
  }
  return most;
}

/** Calls made with the API key: the ones Getty counts (thumbnails come from its media host). */
const gettyCalls = async (stack: RemoteSandboxStack) =>
  (await stack.sandbox.requests()).filter((request) => request.path === '/v3/downloads' || request.path === '/oauth2/token');

const downloadsCalls = async (stack: RemoteSandboxStack) => (await stack.sandbox.requests()).filter((request) => request.path === '/v3/downloads').length;

/** One call through a new stack (its first compiles out of the way), then a quiet second and a clean log. */
async function warmUp(stack: RemoteSandboxStack, call: () => Promise<unknown>): Promise<void> {
  await call();
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await stack.sandbox.reset();
}

const statuses = (requests: readonly RecordedRequest[]) => requests.map((request) => request.status);

interface Page {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: Array<{ id: string }>;
}

const pageOf = (answer: GraphQLResponse) => answer.body.data?.downloads as Page | undefined;

// The sandbox runs in a process of its own, stamping arrivals on its own clock as Getty does: in
// the test's process, a stalled event loop stamps two calls late and together, a 429 Getty would not send.
describe('one budget for the Getty API key', () => {
  let stack: RemoteSandboxStack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  it('never refuses a client paging sequentially with first: 100 on the default setup, and Getty never answers 429', async () => {
    stack = await startStackOnSandboxProcess({ sandbox: { qpsLimit: DEFAULT_QPS_LIMIT }, config: { protection: DEFAULT_PROTECTION } });
    const query = 'query($after: String) { downloads(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { id } } }';
    const answers: GraphQLResponse[] = [];
    let after: string | null = null;
    for (let request = 0; request < 20; request += 1) {
      const answer = await stack.graphql(query, { after });
      answers.push(answer);
      const pageInfo = pageOf(answer)?.pageInfo;
      after = pageInfo?.hasNextPage === true ? pageInfo.endCursor : null;
    }
    expect(answers.flatMap(errorCodes)).toEqual([]);
    expect(answers.every((answer) => (pageOf(answer)?.nodes.length ?? 0) > 0)).toBe(true);
    const calls = await gettyCalls(stack);
    expect(calls.filter((call) => call.path === '/v3/downloads').length).toBeGreaterThanOrEqual(20);
    expect(statuses(calls).filter((status) => status !== 200)).toEqual([]);
    expect(busiestSecond(calls)).toBeLessThanOrEqual(5);
  }, 30_000);

  it("counts token grants against the same budget as customers' calls", async () => {
    stack = await startStackOnSandboxProcess({
      sandbox: { qpsLimit: 5 },
      config: { protection: { ...DEFAULT_PROTECTION, maxQps: 5, queueMs: 10_000 } },
    });
    // Right after start-up the service account's token is being fetched; customers call meanwhile.
    const customers: Array<Record<string, string>> = [{ authorization: 'Bearer sandbox-bob' }, { authorization: 'Bearer sandbox-carol' }, {}];
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => stack!.graphql(`{ downloads(first: ${i + 1}) { totalCount } }`, undefined, customers[i % 3])));
    expect(answers.flatMap(errorCodes)).toEqual([]);
    const calls = await gettyCalls(stack);
    expect(calls.filter((call) => call.path === '/oauth2/token').map((call) => call.status)).toEqual([200]);
    expect(statuses(calls).filter((status) => status !== 200)).toEqual([]);
    expect(busiestSecond(calls)).toBe(5);
  }, 30_000);

  it('shapes callers that send a new bearer token with every request', async () => {
    stack = await startStackOnSandboxProcess({
      serviceAccount: false,
      sandbox: { qpsLimit: 5 },
      config: { protection: { ...DEFAULT_PROTECTION, maxQps: 5, queueMs: 10_000 } },
    });
    await warmUp(stack, () => stack!.graphql('{ downloads(first: 1) { totalCount } }', undefined, { authorization: `Bearer ${randomBytes(16).toString('hex')}` }));
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        stack!.graphql('{ downloads(first: 1) { totalCount } }', undefined, { authorization: `Bearer ${randomBytes(16).toString('hex')}` }),
      ),
    );
    // Getty does not know the tokens: each answer is its 401, none its 429.
    expect(new Set(answers.flatMap(errorCodes))).toEqual(new Set(['UNAUTHENTICATED']));
    const calls = await gettyCalls(stack);
    expect(statuses(calls)).toEqual(Array(12).fill(401));
    expect(busiestSecond(calls)).toBe(5);
  }, 30_000);

  it("serves a light customer between a heavy customer's queued calls, not after them", async () => {
    stack = await startStackOnSandboxProcess({
      serviceAccount: false,
      sandbox: { qpsLimit: 5 },
      config: { protection: { ...DEFAULT_PROTECTION, maxQps: 5, queueMs: 10_000 } },
    });
    const finished: string[] = [];
    const call = (who: string, first: number) =>
      stack!
        .graphql(`{ downloads(first: ${first}) { totalCount } }`, undefined, { authorization: `Bearer sandbox-${who}` })
        .then((answer) => finished.push(errorCodes(answer).length === 0 ? who : `${who} failed`));
    const heavy = Array.from({ length: 15 }, (_, i) => call('bob', i + 1));
    while ((await downloadsCalls(stack)) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await Promise.all([...heavy, call('carol', 1)]);
    expect(finished.filter((who) => who.endsWith('failed'))).toEqual([]);
    // Round-robin: carol's call leaves within a turn or two, ahead of most of bob's queue.
    expect(finished.indexOf('carol')).toBeLessThan(5);
  }, 30_000);

  it("reports Getty's reachability as unknown when the budget has no room for the health probe", async () => {
    stack = await startStackOnSandboxProcess({ serviceAccount: false, config: { protection: { ...DEFAULT_PROTECTION, maxQps: 1, queueMs: 0 } } });
    await stack.graphql('{ downloads(first: 1) { totalCount } }', undefined, { authorization: 'Bearer sandbox-bob' });
    const health = (await (await fetch(`${stack.adminUrl}/healthz`)).json()) as { upstream: { reachable: unknown } };
    expect(health.upstream.reachable).toBe('unknown');
    expect(await downloadsCalls(stack)).toBe(1);
  });
});
