import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStack } from './harness.js';
import type { Stack } from './harness.js';

describe('logs say where a Getty call went', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('retries and the failure name the Getty host, the path and the request id; never a token, the API key or the query', async () => {
    stack.sandbox.script('downloads', { kind: 'status', status: 500 }, { kind: 'status', status: 502 }, { kind: 'status', status: 503 });
    const response = await stack.graphql('{ downloads(first: 3, dateRange: { from: "2026-01-01" }) { totalCount } }', undefined, {
      'x-request-id': 'trace-me-7',
      authorization: 'Bearer sandbox-bob',
    });
    expect(response.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    const upstream = { host: new URL(stack.sandbox.url).host, path: '/v3/downloads' };
    const mine = stack.logs.filter((line) => line.reqId === 'trace-me-7');
    const retries = mine.filter((line) => line.msg === 'retrying a Getty call');
    expect(retries.map((line) => ({ attempt: line.attempt, reason: line.reason, upstream: line.upstream }))).toEqual([
      { attempt: 1, reason: 'HTTP 500', upstream },
      { attempt: 2, reason: 'HTTP 502', upstream },
    ]);
    const failure = mine.find((line) => line.code === 'UPSTREAM_UNAVAILABLE');
    expect(failure).toMatchObject({ level: 'warn', path: 'downloads', upstream });
    const text = stack.logText();
    expect(text).not.toContain('sandbox-bob');
    expect(text).not.toContain(stack.sandbox.apiKey);
    expect(text).not.toContain('start_date');
    expect(text).not.toContain('date_from');
  });

  it('a body that is not JSON: the failure names the endpoint too', async () => {
    stack.sandbox.script('downloads', { kind: 'garbage' });
    await stack.graphql('{ downloads(first: 4) { totalCount } }', undefined, { 'x-request-id': 'trace-me-8' });
    const failure = stack.logs.find((line) => line.reqId === 'trace-me-8' && line.code === 'UPSTREAM_BAD_RESPONSE');
    expect(failure).toMatchObject({ upstream: { host: new URL(stack.sandbox.url).host, path: '/v3/downloads' } });
  });
});
