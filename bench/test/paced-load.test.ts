import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { runPacedLoad } from '../paced-load.js';
import { readProcessUsage } from '../proc-usage.js';
import type { Scenario } from '../scenarios.js';

/** Arrival times and Authorization headers of the requests it got; answers each after 30 ms. */
const arrivals: { at: number; authorization: string | undefined }[] = [];
const server = createServer((request, response) => {
  arrivals.push({ at: performance.now(), authorization: request.headers.authorization });
  request.resume();
  request.on('end', () => {
    setTimeout(() => response.end('{}'), 30);
  });
});

let url = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const scenario = (callers: string[]): Scenario => ({
  id: 'b',
  label: 'test',
  target: 'gateway',
  gateway: undefined,
  request: { url, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' },
  callers,
  items: 0,
  expectedUpstreamCalls: 0,
});

describe('the paced load', () => {
  it('sends exactly rate × seconds requests, evenly spaced, and returns once every one is answered', async () => {
    arrivals.length = 0;
    const result = await runPacedLoad(scenario(['Bearer one', 'Bearer two']), 4, 40, 1);
    expect(result).toEqual({ okResponses: 40, otherStatuses: 0, errors: 0 });
    expect(arrivals).toHaveLength(40);
    const gaps = arrivals.slice(1).map((arrival, index) => arrival.at - arrivals[index]!.at);
    const sorted = [...gaps].sort((a, b) => a - b);
    // 25 ms apart as sent; a busy test machine moves single arrivals, not the middle of them.
    expect(sorted[Math.floor(sorted.length / 2)]).toBeGreaterThan(15);
    expect(arrivals.at(-1)!.at - arrivals[0]!.at).toBeGreaterThan(900);
    expect(arrivals.filter((arrival) => arrival.authorization === 'Bearer one')).toHaveLength(20);
  });
});

describe("another process's CPU time", () => {
  it('is read to well under a clock tick', () => {
    const before = readProcessUsage(process.pid).cpuMs;
    const start = process.cpuUsage();
    // 3 ms of CPU, however long the machine takes to give it.
    for (let used = process.cpuUsage(start); used.user + used.system < 3_000; used = process.cpuUsage(start));
    const spent = readProcessUsage(process.pid).cpuMs - before;
    // /proc/<pid>/stat would say 0 or 10 ms here.
    expect(spent).toBeGreaterThanOrEqual(2.5);
    expect(spent).toBeLessThan(9);
  });
});
