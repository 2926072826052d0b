import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { downloadCalls, startStack } from './harness.js';
import type { Stack } from './harness.js';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const W3C_TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Without an OpenTelemetry endpoint: the caller's trace id still names the request and travels on to Getty. */
describe('traceparent without span export', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.sandbox.resetStats());

  const completed = (reqId: unknown) => stack.logs.filter((line) => line.msg === 'request completed' && line.reqId === reqId);
  const sentToGetty = () => downloadCalls(stack.sandbox).map((call) => W3C_TRACEPARENT.exec(call.traceparent ?? ''));

  it("makes the caller's trace id the request id in the logs and the response, and sends it to Getty with a fresh span id per call", async () => {
    stack.sandbox.script('downloads', { kind: 'status', status: 500 });
    const response = await stack.graphql('{ downloads(first: 1) { totalCount } }', undefined, {
      traceparent: `00-${TRACE_ID}-b7ad6b7169203331-01`,
      'x-request-id': 'ignored-when-traceparent-is-valid',
    });
    expect(response.body.errors).toBeUndefined();
    expect(response.headers.get('x-request-id')).toBe(TRACE_ID);
    expect(completed(TRACE_ID)).toHaveLength(1);
    const sent = sentToGetty();
    // The 500 and its retry: both carry the trace, each its own span id, the caller's sampled flag.
    expect(sent).toHaveLength(2);
    expect(sent.map((match) => match?.[1])).toEqual([TRACE_ID, TRACE_ID]);
    expect(sent.map((match) => match?.[3])).toEqual(['01', '01']);
    expect(new Set(sent.map((match) => match?.[2])).size).toBe(2);
    expect(sent.map((match) => match?.[2])).not.toContain('b7ad6b7169203331');
  });

  it.each([
    ['an all-zero trace id', `00-${'0'.repeat(32)}-b7ad6b7169203331-01`],
    ['an all-zero parent id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
    ['another version', `01-${TRACE_ID}-b7ad6b7169203331-01`],
    ['upper-case hex', `00-${TRACE_ID.toUpperCase()}-b7ad6b7169203331-01`],
    ['a short trace id', `00-${TRACE_ID.slice(2)}-b7ad6b7169203331-01`],
  ])('ignores a traceparent with %s: a new trace, and the request id is not taken from it', async (_case, traceparent) => {
    const response = await stack.graphql('{ downloads(first: 1) { totalCount } }', undefined, { traceparent });
    expect(response.body.errors).toBeUndefined();
    const requestId = response.headers.get('x-request-id');
    expect(requestId).not.toContain(TRACE_ID.slice(2));
    expect(completed(requestId)).toHaveLength(1);
    const [sent] = sentToGetty();
    expect(sent).not.toBeNull();
    expect(sent![1]).not.toBe(TRACE_ID);
    expect(sent![1]).not.toBe('0'.repeat(32));
    expect(sent![3]).toBe('00');
  });

  it('gives each request without a traceparent a trace of its own', async () => {
    await stack.graphql('{ downloads(first: 1) { totalCount } }');
    await stack.graphql('{ downloads(first: 1) { totalCount } }');
    const traces = sentToGetty().map((match) => match?.[1]);
    expect(traces).toHaveLength(2);
    expect(traces.every((trace) => trace !== undefined)).toBe(true);
    expect(traces[0]).not.toBe(traces[1]);
  });
});
