import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MemoryTokenStore } from '../../src/auth/token-store.js';
import type { StoredToken } from '../../src/auth/token-store.js';
import { readConfig } from '../../src/config/env.js';
import type { RecordedRequest } from '../../src/sandbox/types.js';
import { downloadCalls, startStack } from './harness.js';
import type { Stack } from './harness.js';
import { startOtlpReceiver } from './otlp-receiver.js';
import type { OtlpReceiver, ReceivedSpan } from './otlp-receiver.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';
const QUERY = 'query RecentDownloads { downloads(first: 3) { totalCount edges { node { id } } } }';

/** Keeps every token the gateway stores, so the test can look for them in the spans. */
class RecordingTokenStore extends MemoryTokenStore {
  readonly seen: StoredToken[] = [];

  override async set(key: string, token: StoredToken): Promise<void> {
    this.seen.push(token);
    await super.set(key, token);
  }
}

/**
 * Spans exported over OTLP/HTTP to a local receiver, with shaping on and one Getty 500 that is
 * retried: the span tree, the caller's trace id kept, and no secret in any attribute.
 */
describe('traces exported to an OpenTelemetry collector', () => {
  let receiver: OtlpReceiver;
  let stack: Stack;
  let tokens: RecordingTokenStore;
  let sandboxCalls: RecordedRequest[];
  let callerToken: string;
  let secrets: string[];

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    tokens = new RecordingTokenStore();
    const defaults = readConfig({});
    stack = await startStack({
      tokenStore: tokens,
      config: {
        tracing: { tracesUrl: `${receiver.url}/v1/traces`, serviceName: 'traces-test' },
        protection: { ...defaults.protection, maxQps: 50 },
      },
    });
    await stack.gateway.tokenWarmUp();
    stack.sandbox.resetStats();
    stack.sandbox.script('downloads', { kind: 'status', status: 500 });
    const traced = await stack.graphql(QUERY, undefined, { traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01` });
    expect(traced.body.errors).toBeUndefined();
    callerToken = stack.sandbox.demoUsers[0]!.bearerToken;
    const own = await stack.graphql('{ downloads(first: 1) { totalCount } }', undefined, { authorization: `Bearer ${callerToken}` });
    expect(own.body.errors).toBeUndefined();
    sandboxCalls = downloadCalls(stack.sandbox);
    secrets = [
      stack.sandbox.apiSecret,
      stack.sandbox.serviceAccount.password,
      callerToken,
      ...tokens.seen.flatMap((token) => [token.accessToken, ...(token.refreshToken === undefined ? [] : [token.refreshToken])]),
    ];
    // Closing flushes the spans still batched.
    await stack.close();
  });
  afterAll(() => receiver.close());

  const traceOf = (traceId: string) => receiver.spans.filter((span) => span.traceId === traceId);
  const roots = () => receiver.spans.filter((span) => span.name === 'POST /graphql');
  const childrenOf = (root: ReceivedSpan) => receiver.spans.filter((span) => span.parentSpanId === root.spanId);

  it('exports one trace per request, each with one request span, under OTEL_SERVICE_NAME', () => {
    expect(roots()).toHaveLength(2);
    expect(new Set(roots().map((span) => span.traceId)).size).toBe(2);
    expect(new Set(receiver.spans.map((span) => span.serviceName))).toEqual(new Set(['traces-test']));
  });

  it("keeps the caller's trace id and parents the request span on the caller's span", () => {
    const [root] = traceOf(TRACE_ID).filter((span) => span.name === 'POST /graphql');
    expect(root).toMatchObject({ parentSpanId: CALLER_SPAN, kind: 2 });
    expect(root!.attributes).toMatchObject({
      'graphql.operation.name': 'RecentDownloads',
      'graphql.operation.type': 'query',
      'gateway.outcome': 'ok',
      'http.response.status_code': 200,
    });
  });

  it('has the token lookup, each budget wait and each Getty attempt (the 500, then its retry) as children of the request span', () => {
    const [root] = traceOf(TRACE_ID).filter((span) => span.name === 'POST /graphql');
    const children = childrenOf(root!);
    expect(traceOf(TRACE_ID)).toHaveLength(1 + children.length);
    expect(children.map((span) => span.name).sort()).toEqual(['GET /v3/downloads', 'GET /v3/downloads', 'getty budget wait', 'getty budget wait', 'token lookup']);
    expect(children.find((span) => span.name === 'token lookup')!.attributes).toEqual({ 'gateway.token.source': 'service-account' });
    const attempts = children
      .filter((span) => span.name === 'GET /v3/downloads')
      .sort((a, b) => Number(a.attributes['gateway.attempt']) - Number(b.attributes['gateway.attempt']));
    expect(attempts.map((span) => [span.attributes['gateway.attempt'], span.attributes['http.response.status_code'], span.statusCode, span.kind])).toEqual([
      [1, 500, 2, 3],
      [2, 200, 0, 3],
    ]);
    expect(attempts[0]!.attributes).toMatchObject({ 'getty.endpoint': 'downloads', 'url.path': '/v3/downloads', 'http.request.method': 'GET', 'error.type': '500' });
  });

  it("sends Getty each attempt's own span in its traceparent", () => {
    const attemptIds = traceOf(TRACE_ID)
      .filter((span) => span.name === 'GET /v3/downloads')
      .map((span) => `00-${TRACE_ID}-${span.spanId}-01`);
    const sent = sandboxCalls.map((call) => call.traceparent).filter((header) => header?.includes(TRACE_ID));
    expect(sent.sort()).toEqual(attemptIds.sort());
  });

  it("a caller's own token is looked up as a bearer token, in a trace of its own", () => {
    const [root] = roots().filter((span) => span.traceId !== TRACE_ID);
    expect(root!.parentSpanId).toBe('');
    const names = childrenOf(root!).map((span) => span.name);
    expect(names).toContain('token lookup');
    expect(names).toContain('GET /v3/downloads');
    expect(childrenOf(root!).find((span) => span.name === 'token lookup')!.attributes['gateway.token.source']).toBe('bearer');
  });

  it('puts no token, password, API secret, query text or query-string value in any attribute', () => {
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    const values = receiver.spans.flatMap((span) => Object.values(span.attributes).map(String));
    expect(values.length).toBeGreaterThan(20);
    for (const value of values) {
      for (const secret of secrets) expect(value).not.toContain(secret);
      expect(value).not.toContain('page_size');
      expect(value).not.toContain('totalCount');
    }
    // The raw export too, resource attributes and all.
    for (const body of receiver.bodies) for (const secret of secrets) expect(body).not.toContain(secret);
  });
});
