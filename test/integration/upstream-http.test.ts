import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { GettyClient } from '../../src/getty/client.js';
import { createUpstreamHttp } from '../../src/getty/http.js';
import type { RetryEvent, UpstreamHttp } from '../../src/getty/http.js';
import { GatewayError } from '../../src/errors.js';

/** A bare upstream that counts connections and records headers, to see the client's wire habits. */
describe('the upstream HTTP client', () => {
  let server: Server;
  let url: string;
  let connections = 0;
  let seen: IncomingHttpHeaders[] = [];
  let answer: (respond: (status: number, body: string, headers?: Record<string, string>) => void) => void;
  let upstream: UpstreamHttp;
  let client: GettyClient;
  const retries: string[] = [];
  const events: RetryEvent[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push(request.headers);
      answer((status, body, headers = {}) => response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body));
    });
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    upstream = createUpstreamHttp('the-api-key', { timeoutMs: 300, maxBodyBytes: 2 * 1024 * 1024, retries: 2, retryBaseMs: 1, retryMaxDelayMs: 20 }, (event) => {
      retries.push(`${event.attempt}:${event.reason}`);
      events.push(event);
    });
    client = new GettyClient(upstream.got, url, 'start_end', false);
  });
  afterAll(async () => {
    upstream.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    seen = [];
    retries.length = 0;
    events.length = 0;
    answer = (respond) => respond(200, JSON.stringify({ result_count: 0, downloads: [] }));
  });

  const auth = { accessToken: 'caller-token', acceptLanguage: 'fr' };

  it('reuses one keep-alive connection for consecutive calls', async () => {
    const before = connections;
    for (let i = 0; i < 5; i += 1) await client.downloads('page=1&page_size=1', auth, 'credential');
    expect(connections - before).toBe(1);
  });

  it("sends the Api-Key, the caller's token as is, and Accept-Language", async () => {
    await client.downloads('page=1&page_size=1', auth, 'credential');
    expect(seen[0]).toMatchObject({ 'api-key': 'the-api-key', authorization: 'Bearer caller-token', 'accept-language': 'fr' });
  });

  it('does not follow redirects, which would carry the token elsewhere', async () => {
    answer = (respond) => respond(302, '', { location: `${url}/elsewhere` });
    const error = await client.downloads('page=1&page_size=1', auth, 'credential').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(seen).toHaveLength(1);
  });

  it('retries 5xx and reports each retry, then gives up with the right code', async () => {
    answer = (respond) => respond(500, '{"message":"Internal Server Error"}');
    const error = await client.downloads('page=1&page_size=1', auth, 'credential').catch((e: unknown) => e);
    expect((error as GatewayError).code).toBe('UPSTREAM_UNAVAILABLE');
    expect(seen).toHaveLength(3);
    expect(retries).toEqual(['1:HTTP 500', '2:HTTP 500']);
  });

  it('names the host, the path and the request id in each retry and in the failure, never the query or a credential', async () => {
    answer = (respond) => respond(503, '{}');
    const error = await client.downloads('page=1&page_size=1&start_date=2026-01-01', { ...auth, requestId: 'req-42' }, 'credential').catch((e: unknown) => e);
    const host = new URL(url).host;
    expect(events).toEqual([
      { attempt: 1, reason: 'HTTP 503', host, path: '/v3/downloads', requestId: 'req-42' },
      { attempt: 2, reason: 'HTTP 503', host, path: '/v3/downloads', requestId: 'req-42' },
    ]);
    expect((error as GatewayError).upstreamCall).toEqual({ host, path: '/v3/downloads' });
    expect(JSON.stringify(events)).not.toMatch(/caller-token|the-api-key|start_date/);
  });

  it('says which network error kept the call from reaching Getty at all', async () => {
    const closed = new GettyClient(upstream.got, 'http://127.0.0.1:1', 'start_end', false);
    const error = await closed.downloads('page=1&page_size=1', auth, 'credential').catch((e: unknown) => e);
    expect((error as GatewayError).upstreamCall).toEqual({ host: '127.0.0.1:1', path: '/v3/downloads', networkCode: 'ECONNREFUSED' });
  });

  it('does not retry other 4xx', async () => {
    answer = (respond) => respond(404, '{}');
    await client.downloads('page=1&page_size=1', auth, 'credential').catch(() => undefined);
    expect(seen).toHaveLength(1);
  });

  it('times out each attempt separately', async () => {
    answer = () => undefined;
    const started = performance.now();
    const error = await client.downloads('page=1&page_size=1', auth, 'credential').catch((e: unknown) => e);
    expect((error as GatewayError).code).toBe('UPSTREAM_TIMEOUT');
    expect(seen).toHaveLength(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect(retries).toEqual(['1:ETIMEDOUT', '2:ETIMEDOUT']);
  });
});
