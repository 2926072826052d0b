import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readConfig } from '../../src/config/env.js';
import { startStack } from '../integration/harness.js';
import type { Stack } from '../integration/harness.js';
import { startRedisServer } from '../../bench/redis-server.js';
import type { RedisServer } from '../../bench/redis-server.js';

const DEFAULTS = readConfig({});
const QUERY = '{ downloads(first: 1) { totalCount } }';
const LIMIT = 4;

let server: RedisServer;
const stacks: Stack[] = [];

beforeAll(async () => {
  server = await startRedisServer();
  const config = {
    redis: { url: server.url, keyPrefix: `rate-${Date.now()}:`, assumedInstances: 2 },
    edge: { ...DEFAULTS.edge, clientRateLimit: LIMIT },
  };
  const first = await startStack({ config });
  stacks.push(first, await startStack({ config, sandbox: { dataset: first.dataset } }));
});

afterAll(async () => {
  await Promise.all(stacks.map((stack) => stack.close()));
  await server.stop();
});

describe('the per-client limit on Redis', () => {
  it('holds across instances: a client over it on one is over it on the other', async () => {
    const [a, b] = stacks;
    if (a === undefined || b === undefined) throw new Error('two instances expected');
    // Twice the limit on one instance, so the shared count is past it even if a slow Redis command was skipped.
    const statuses: number[] = [];
    for (let i = 0; i < 2 * LIMIT; i += 1) statuses.push((await a.graphql(QUERY)).status);
    expect(statuses.slice(0, LIMIT)).toEqual(Array.from({ length: LIMIT }, () => 200));
    expect(statuses).toContain(429);
    // The other instance has seen none of them itself: only a shared count refuses this one.
    const onB = await b.graphql(QUERY);
    expect(onB.status).toBe(429);
    expect(onB.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('lets requests through, not fails them, while Redis is away', async () => {
    const [a] = stacks;
    if (a === undefined) throw new Error('an instance expected');
    await server.kill();
    try {
      // Past the limit that Redis counted, and then some: none is refused or fails for want of Redis.
      for (let i = 0; i < LIMIT + 2; i += 1) {
        const answer = await a.graphql(QUERY);
        expect([answer.status, answer.body.errors]).toEqual([200, undefined]);
      }
    } finally {
      await server.restart();
    }
  });
});
