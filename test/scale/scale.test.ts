import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startRedisServer } from '../../bench/redis-server.js';
import type { RedisServer } from '../../bench/redis-server.js';
import { startSandboxProcess } from '../sandbox-process.js';
import type { SandboxProcess } from '../sandbox-process.js';
import { SERVER_ENTRY } from '../server-entry.js';
import { startGateway } from './cluster.js';
import type { GatewayInstance } from './cluster.js';
import { Balancer, busiestSecond, busiestWindow, customers, loop, PAGE_QUERY, percentile, send, sleep } from './load.js';
import { departureIntervalMs } from '../../src/getty/budget/pacing.js';
import type { RecordedRequest } from '../../src/sandbox/index.js';
import type { Customer, Outcome } from './load.js';

const BUDGET = 5;
const QUEUE_MS = 1_000;
const TIMEOUT_MS = 2_000;
const RETRIES = 1;
const RETRY_MAX_DELAY_MS = 200;
/** The longest a request may take: its queue wait, then every attempt timing out with the retry delays between. */
const SLOWEST_ALLOWED_MS = QUEUE_MS + TIMEOUT_MS * (RETRIES + 1) + RETRY_MAX_DELAY_MS * RETRIES;

const RESULTS_DIR = 'test/scale/results';
const rows: Array<[scenario: string, figure: string, value: string, bound: string, ok: boolean]> = [];
const browse: string[] = [];

/** The calls of a window over the budget, as the sandbox saw them, so a miss can be told from jitter. */
function explain(scenario: string, requests: readonly RecordedRequest[]): void {
  const worst = busiestWindow(requests);
  if (worst.length <= BUDGET) return;
  const first = worst[0]!.receivedAt;
  process.stdout.write(`${scenario}: ${worst.length} calls within 1 s: ${worst.map((r) => `+${r.receivedAt - first} ms ${r.path} ${r.status}`).join(', ')}\n`);
}

function row(scenario: string, figure: string, value: number | string, bound: string, ok: boolean): void {
  rows.push([scenario, figure, String(value), bound, ok]);
}

let redis: RedisServer;
let sandbox: SandboxProcess;
/** 50 customers, each with a token of its own. */
let everyone: Customer[];
const started: GatewayInstance[] = [];

function gatewayEnv(prefix: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: prefix,
    GETTY_MAX_QPS: String(BUDGET),
    UPSTREAM_QUEUE_MS: String(QUEUE_MS),
    UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS),
    UPSTREAM_RETRIES: String(RETRIES),
    UPSTREAM_RETRY_MAX_DELAY_MS: String(RETRY_MAX_DELAY_MS),
    ...extra,
  };
}

async function cluster(upstream: SandboxProcess, env: Record<string, string>, count = 3): Promise<GatewayInstance[]> {
  const instances = await Promise.all(Array.from({ length: count }, () => startGateway(upstream, env)));
  started.push(...instances);
  return instances;
}

async function health(url: string): Promise<{ redis?: string; budgetPerSecond: number }> {
  return (await fetch(`${url}/healthz`)).json() as Promise<{ redis?: string; budgetPerSecond: number }>;
}

/** A request refused by the budget: no data, and only UPSTREAM_RATE_LIMITED errors with retryAfterSeconds. */
const refused = (outcome: Outcome) => !outcome.data && !outcome.unreachable;
const properRefusal = (outcome: Outcome) => outcome.codes.length > 0 && outcome.codes.every((code) => code === 'UPSTREAM_RATE_LIMITED') && outcome.retryAfterOk;

beforeAll(async () => {
  redis = await startRedisServer();
  sandbox = await startSandboxProcess({ qpsLimit: BUDGET });
  everyone = await customers(sandbox, 50, BUDGET);
});

afterAll(async () => {
  await Promise.all(started.map((instance) => instance.stop()));
  await sandbox?.stop();
  await redis?.stop();
  const table = [
    '| scenario | figure | value | bound | ok |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((cells) => `| ${cells.slice(0, 4).join(' | ')} | ${cells[4] ? 'yes' : 'NO'} |`),
  ].join('\n');
  process.stdout.write(`\nScale-out on Redis: 3 gateway instances, GETTY_MAX_QPS=${BUDGET}, UPSTREAM_QUEUE_MS=${QUEUE_MS}\n${table}\n`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(
    `${RESULTS_DIR}/latest.md`,
    [
      '# Scale-out figures (`npm run test:scale`)',
      '',
      `3 gateway instances (\`node ${SERVER_ENTRY}\`) on one redis-server and one sandbox enforcing ${BUDGET} calls/s per API key; GETTY_MAX_QPS=${BUDGET}, UPSTREAM_QUEUE_MS=${QUEUE_MS}, requests round-robin across the instances. Generated ${new Date().toISOString()} on ${process.platform}/${process.arch}, Node ${process.version}.`,
      '',
      table,
      '',
      ...browse,
      '',
    ].join('\n'),
  );
});

describe('3 instances on one Redis', () => {
  let main: GatewayInstance[];
  let balancer: Balancer;
  let people: Customer[];
  const serviceAccount: Customer = { username: '', token: undefined };

  beforeAll(async () => {
    main = await cluster(sandbox, gatewayEnv('load:'));
    balancer = new Balancer(main.map((instance) => instance.url));
    people = everyone.slice(0, 30);
    serviceAccount.username = sandbox.serviceAccount.username;
  });

  it('30 customers and the service account for 60 s: no 429, no window over the budget, no leak, only proper refusals', async () => {
    await send(balancer.pick(), serviceAccount, { first: 1 });
    await sandbox.reset();
    const outcomes: Outcome[] = [];
    const client = (customer: Customer) =>
      loop(60_000, async () => {
        outcomes.push((await send(balancer.pick(), customer, { first: 5 + Math.floor(Math.random() * 16) })).outcome);
        await sleep(2_000 + Math.random() * 4_000);
      });
    await Promise.all([...people, serviceAccount].map(client));
    const requests = await sandbox.requests();
    const tooMany = requests.filter((request) => request.status === 429).length;
    const busiest = busiestSecond(requests);
    explain('60 s load', requests);
    const answered = outcomes.filter((outcome) => outcome.data);
    const refusals = outcomes.filter(refused);
    const leaks = outcomes.filter((outcome) => outcome.leak).length;
    const s = '30 customers + service account, 60 s';
    row(s, 'requests (answered / refused)', `${outcomes.length} (${answered.length} / ${refusals.length})`, '', true);
    row(s, 'Getty 429s', tooMany, '0', tooMany === 0);
    row(s, 'most Getty calls in any 1 s', busiest, `≤ ${BUDGET}`, busiest <= BUDGET);
    row(s, 'cross-customer leaks', leaks, '0', leaks === 0);
    row(s, 'refusals not UPSTREAM_RATE_LIMITED + retryAfterSeconds', refusals.filter((o) => !properRefusal(o)).length, '0', refusals.every(properRefusal));
    row(
      s,
      'p50 / p99 wait of answered requests (ms)',
      `${percentile(
        answered.map((o) => o.ms),
        50,
      ).toFixed(0)} / ${percentile(
        answered.map((o) => o.ms),
        99,
      ).toFixed(0)}`,
      `≤ ${SLOWEST_ALLOWED_MS}`,
      percentile(
        answered.map((o) => o.ms),
        99,
      ) <= SLOWEST_ALLOWED_MS,
    );
    expect({ tooMany, busiest: busiest <= BUDGET, leaks, badRefusals: refusals.filter((o) => !properRefusal(o)).length, answered: answered.length > 0 }).toEqual({
      tooMany: 0,
      busiest: true,
      leaks: 0,
      badRefusals: 0,
      answered: true,
    });
  });

  it('fairness: a light customer is served within its turn while a heavy one keeps 12 calls in flight, on one instance and spread over three', async () => {
    const HEAVY_HEAD_START_MS = 2_000;
    const [heavy, light] = [people[0]!, people[1]!];
    const run = async (pick: () => string) => {
      const heavyOutcomes: Outcome[] = [];
      const lightOutcomes: Outcome[] = [];
      await Promise.all([
        ...Array.from({ length: 12 }, () =>
          loop(15_000, async () => {
            heavyOutcomes.push((await send(pick(), heavy, { first: 5 + Math.floor(Math.random() * 16) })).outcome);
          }),
        ),
        // The light customer comes in while the heavy one keeps its calls in flight: once the heavy
        // one has had turns on every instance. Starting both at once would measure who each
        // instance served last before this test, not a light customer behind a heavy one.
        sleep(HEAVY_HEAD_START_MS).then(() =>
          loop(15_000 - HEAVY_HEAD_START_MS, async () => {
            lightOutcomes.push((await send(pick(), light, { first: 5 + Math.floor(Math.random() * 16) })).outcome);
            await sleep(1_000);
          }),
        ),
      ]);
      return { heavyOutcomes, lightOutcomes };
    };
    // The issue's bound: (customers waiting ÷ budget) s, 2 customers here, plus the departure
    // already booked when the light call arrives: 3 departure intervals. On one instance the light
    // call takes the booked departure or the next; spread over three, each instance holds one
    // booked departure at most and gives it to the light call, so 3 intervals cover the other
    // two instances' turns as well. Plus 200 ms for the round trips on the way (the request
    // through a gateway busy with the heavy customer's refusals, Redis, the sandbox's answer).
    const boundMs = 3 * departureIntervalMs(BUDGET) + 200;
    const s = 'fairness: heavy (12 in flight, 15 s) vs light (1/s, from 2 s in)';
    const results: Record<string, { lightRefused: number; lightP99WithinBound: boolean }> = {};
    for (const [where, pick] of [
      ['one instance', () => main[0]!.url],
      ['3 instances', () => balancer.pick()],
    ] as const) {
      const { heavyOutcomes, lightOutcomes } = await run(pick);
      const lightP99 = percentile(
        lightOutcomes.map((o) => o.ms),
        99,
      );
      const lightRefused = lightOutcomes.filter(refused).length;
      row(s, `${where}: heavy answered / refused`, `${heavyOutcomes.filter((o) => o.data).length} / ${heavyOutcomes.filter(refused).length}`, '', true);
      row(s, `${where}: light answered / refused`, `${lightOutcomes.filter((o) => o.data).length} / ${lightRefused}`, 'refused 0', lightRefused === 0);
      row(s, `${where}: light p99 wait (ms)`, lightP99.toFixed(0), `≤ ${boundMs.toFixed(0)}`, lightP99 <= boundMs);
      results[where] = { lightRefused, lightP99WithinBound: lightP99 <= boundMs };
    }
    expect(results).toEqual({
      'one instance': { lightRefused: 0, lightP99WithinBound: true },
      '3 instances': { lightRefused: 0, lightP99WithinBound: true },
    });
  });

  it('Redis killed mid-load, then restarted: no 5xx, nothing slower than the queue and timeout budget, no window over the budget, sharing resumes', async () => {
    await sandbox.reset();
    const outcomes: Outcome[] = [];
    const load = Promise.all(
      people.slice(0, 10).map((customer) =>
        loop(24_000, async () => {
          outcomes.push((await send(balancer.pick(), customer, { first: 5 + Math.floor(Math.random() * 16) })).outcome);
          await sleep(500 + Math.random() * 1_500);
        }),
      ),
    );
    await sleep(6_000);
    await redis.kill();
    await sleep(2_000);
    const during = await Promise.all(main.map((instance) => health(instance.adminUrl)));
    await sleep(4_000);
    await redis.restart();
    await load;
    const after = await Promise.all(main.map((instance) => health(instance.adminUrl)));
    const requests = await sandbox.requests();
    const errors5xx = outcomes.filter((o) => o.status >= 500).length;
    const slowest = Math.max(...outcomes.map((o) => o.ms));
    const busiest = busiestSecond(requests);
    explain('Redis kill', requests);
    const s = 'Redis killed at 6 s, back at 12 s (24 s of load)';
    row(s, 'requests (answered / refused)', `${outcomes.length} (${outcomes.filter((o) => o.data).length} / ${outcomes.filter(refused).length})`, '', true);
    row(s, '5xx answers', errors5xx, '0', errors5xx === 0);
    row(s, 'slowest request (ms)', slowest.toFixed(0), `≤ ${SLOWEST_ALLOWED_MS}`, slowest <= SLOWEST_ALLOWED_MS);
    row(s, 'most Getty calls in any 1 s', busiest, `≤ ${BUDGET}`, busiest <= BUDGET);
    row(
      s,
      '/healthz while Redis is down',
      during.map((h) => `${h.redis}, ${h.budgetPerSecond}/s`).join('; '),
      'down, share',
      during.every((h) => h.redis === 'down'),
    );
    row(
      s,
      '/healthz after the restart',
      after.map((h) => `${h.redis}, ${h.budgetPerSecond}/s`).join('; '),
      `up, ${BUDGET}/s`,
      after.every((h) => h.redis === 'up' && h.budgetPerSecond === BUDGET),
    );
    expect({
      errors5xx,
      slow: slowest > SLOWEST_ALLOWED_MS,
      busiest: busiest <= BUDGET,
      during: during.map((h) => h.redis),
      after: after.map((h) => [h.redis, h.budgetPerSecond]),
    }).toEqual({
      errors5xx: 0,
      slow: false,
      busiest: true,
      during: ['down', 'down', 'down'],
      after: [
        ['up', BUDGET],
        ['up', BUDGET],
        ['up', BUDGET],
      ],
    });
  });

  it('an instance killed mid-load: the others keep answering', async () => {
    const outcomes: Array<Outcome & { at: number; url: string }> = [];
    const victim = main[2]!;
    let killedAt = Number.POSITIVE_INFINITY;
    const load = Promise.all(
      people.slice(0, 10).map((customer) =>
        loop(12_000, async () => {
          const url = balancer.pick();
          const { outcome } = await send(url, customer, { first: 5 + Math.floor(Math.random() * 16) });
          outcomes.push({ ...outcome, at: performance.now(), url });
          await sleep(500 + Math.random() * 1_000);
        }),
      ),
    );
    await sleep(4_000);
    await victim.kill();
    killedAt = performance.now();
    await load;
    const survivors = outcomes.filter((o) => o.at > killedAt && o.url !== victim.url);
    const answered = survivors.filter((o) => o.data).length;
    const failed = survivors.filter((o) => o.status >= 500 || o.unreachable).length;
    const s = 'instance 3 killed at 4 s (12 s of load)';
    row(s, 'answered by instances 1-2 after the kill', answered, '> 0', answered > 0);
    row(s, '5xx or unreachable from instances 1-2', failed, '0', failed === 0);
    expect({ answered: answered > 0, failed }).toEqual({ answered: true, failed: 0 });
  });

  it('browse workload, cache off', async () => {
    await browseWorkload('cache off', balancer, sandbox);
  });
});

describe('3 instances with the response cache on', () => {
  let instances: GatewayInstance[];
  beforeAll(async () => {
    instances = await cluster(sandbox, gatewayEnv('cache:', { UPSTREAM_CACHE_TTL_MS: '30000' }));
  });

  it('a page fetched through instance 1 answers on instance 2 with 0 Getty calls; an APQ hash registered on instance 1 works on instance 3', async () => {
    const customer = everyone[0];
    await sandbox.reset();
    const first = await send(instances[0]!.url, customer!, { first: 7 });
    const callsFirst = (await sandbox.requests()).length;
    const second = await send(instances[1]!.url, customer!, { first: 7 });
    const callsSecond = (await sandbox.requests()).length - callsFirst;

    const sha256Hash = createHash('sha256').update(PAGE_QUERY).digest('hex');
    const persistedQuery = { extensions: { persistedQuery: { version: 1, sha256Hash } } };
    const registered = await send(instances[0]!.url, customer!, { first: 3 }, persistedQuery);
    const byHash = await fetch(`${instances[2]!.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${customer!.token}` },
      body: JSON.stringify({ variables: { first: 3 }, ...persistedQuery }),
    }).then((response) => response.json() as Promise<{ data?: unknown; errors?: Array<{ extensions?: { code?: string } }> }>);
    const s = 'response cache and persisted queries';
    row(
      s,
      'Getty calls: page via instance 1 / same page via instance 2',
      `${callsFirst} / ${callsSecond} ${first.outcome.codes.join(',')}`,
      '1 / 0',
      first.outcome.data && second.outcome.data && callsSecond === 0,
    );
    row(
      s,
      'APQ hash from instance 1 on instance 3',
      byHash.data !== undefined ? 'answered' : (byHash.errors?.[0]?.extensions?.code ?? 'no data'),
      'answered',
      registered.outcome.data && byHash.data !== undefined,
    );
    expect({ first: first.outcome.data, second: second.outcome.data, callsSecond, apq: byHash.data !== undefined && byHash.errors === undefined }).toEqual({
      first: true,
      second: true,
      callsSecond: 0,
      apq: true,
    });
  });

  it('browse workload, UPSTREAM_CACHE_TTL_MS=30000', async () => {
    await browseWorkload('UPSTREAM_CACHE_TTL_MS=30000', new Balancer(instances.map((instance) => instance.url)), sandbox);
  });
});

describe('3 instances started at once with a service account', () => {
  it('make 1 token-endpoint call, and 1 refresh at expiry', async () => {
    const shortLived = await startSandboxProcess({ qpsLimit: BUDGET, tokenTtlSeconds: 6 });
    try {
      const instances = await cluster(shortLived, gatewayEnv('tokens:'));
      const tokenCalls = async () => (await shortLived.requests()).filter((request) => request.path === '/oauth2/token');
      for (let waited = 0; waited < 5_000 && (await tokenCalls()).length === 0; waited += 100) await sleep(100);
      await sleep(1_000);
      const atStart = (await tokenCalls()).length;
      const serviceAccount: Customer = { username: shortLived.serviceAccount.username, token: undefined };
      const outcomes: Outcome[] = [];
      const balancer = new Balancer(instances.map((instance) => instance.url));
      // refreshAt is 90% of a 6 s lifetime; requests keep coming until well past it.
      await loop(7_000, async () => {
        outcomes.push((await send(balancer.pick(), serviceAccount, { first: 2 })).outcome);
        await sleep(300);
      });
      const calls = await tokenCalls();
      const s = 'service-account token, 3 instances started together';
      row(s, 'token-endpoint calls at start-up', atStart, '1', atStart === 1);
      row(s, 'token-endpoint calls by 7 s (lifetime 6 s)', `${calls.length} (${calls.map((call) => call.grantType).join(', ')})`, '2', calls.length === 2);
      row(
        s,
        'service-account requests answered',
        `${outcomes.filter((o) => o.data).length} / ${outcomes.length}`,
        'all',
        outcomes.every((o) => o.data),
      );
      expect({ atStart, total: calls.length, allAnswered: outcomes.every((o) => o.data) }).toEqual({ atStart: 1, total: 2, allAnswered: true });
    } finally {
      await shortLived.stop();
    }
  });
});

/**
 * 50 simulated users across the instances, each: first page, next, next, back, a filter change,
 * a reload; a refused step is retried after retryAfterSeconds, as the downloads browser's user would.
 */
async function browseWorkload(label: string, balancer: Balancer, upstream: SandboxProcess): Promise<void> {
  const users = everyone;
  await upstream.reset();
  let gettyCalls = 0;
  const outcomes: Outcome[] = [];
  const step = async (customer: Customer, variables: Record<string, unknown>) => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const sent = await send(balancer.pick(), customer, variables);
      outcomes.push(sent.outcome);
      if (sent.outcome.data) return sent.answer?.data?.downloads ?? undefined;
      await sleep(1_000);
    }
    return undefined;
  };
  const started = performance.now();
  await Promise.all(
    users.map(async (customer, index) => {
      await sleep(index * 400);
      const first = await step(customer, { first: 20 });
      await sleep(1_000);
      const second = await step(customer, first?.pageInfo.endCursor ? { first: 20, after: first.pageInfo.endCursor } : { first: 20 });
      await sleep(1_000);
      const third = await step(customer, second?.pageInfo.endCursor ? { first: 20, after: second.pageInfo.endCursor } : { first: 20 });
      await sleep(1_000);
      await step(customer, third?.pageInfo.startCursor ? { last: 20, before: third.pageInfo.startCursor } : { first: 20 });
      await sleep(1_000);
      await step(customer, { first: 20, productType: 'EASY_ACCESS' });
      await sleep(1_000);
      await step(customer, { first: 20, productType: 'EASY_ACCESS' });
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const requests = await upstream.requests();
  gettyCalls = requests.filter((request) => request.path === '/v3/downloads').length;
  const answered = outcomes.filter((o) => o.data);
  const refusals = outcomes.filter(refused).length;
  const p99 = percentile(
    outcomes.map((o) => o.ms),
    99,
  );
  const busiest = busiestSecond(requests);
  explain(`browse ${label}`, requests);
  if (browse.length === 0) {
    browse.push(
      '## Browse workload',
      '',
      `50 users, each: first page, next, next, back, a filter change, a reload (\`first/last: 20\`), 1 s apart, users starting 0.4 s apart; a refused step is retried after 1 s (at most 3 tries). GETTY_MAX_QPS=${BUDGET} across 3 instances.`,
      '',
      '| setting | frontend requests | answered with data | Getty calls | answered per Getty call | refusals | p99 (ms) | busiest 1 s | duration (s) |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    );
  }
  browse.push(
    `| ${label} | ${outcomes.length} | ${answered.length} | ${gettyCalls} | ${(answered.length / Math.max(1, gettyCalls)).toFixed(2)} | ${refusals} | ${p99.toFixed(0)} | ${busiest} | ${seconds.toFixed(0)} |`,
  );
  row(
    `browse workload, ${label}`,
    'answered / Getty calls / refusals / p99 ms',
    `${answered.length} / ${gettyCalls} / ${refusals} / ${p99.toFixed(0)}`,
    `busiest 1 s ≤ ${BUDGET}`,
    busiest <= BUDGET,
  );
  expect({ busiest: busiest <= BUDGET, errors5xx: outcomes.filter((o) => o.status >= 500).length, leaks: outcomes.filter((o) => o.leak).length }).toEqual({
    busiest: true,
    errors5xx: 0,
    leaks: 0,
  });
}
