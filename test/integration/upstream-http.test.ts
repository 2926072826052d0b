import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { GettyClient } from '../../src/getty/client.js';
import { createUpstreamHttp } from '../../src/getty/http.js';
import type { UpstreamHttp } from '../../src/getty/http.js';
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

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push(request.headers);
      answer((status, body, headers = {}) => response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body));
    });
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    upstream = createUpstreamHttp('the-api-key', { timeoutMs: 300, retries: 2, retryBaseMs: 1, retryMaxDelayMs: 20 }, (attempt, reason) => retries.push(`${attempt}:${reason}`));
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
    answer = (respond) => respond(200, JSON.stringify({ result_count: 0, downloads: [] }));
  });

  const auth = { accessToken: 'caller-token', acceptLanguage: 'fr' };

  it('reuses one keep-alive connection for consecutive calls', async () => {
    const before = connections;
    for (let i = 0; i < 5; i += 1) await client.downloads('page=1&page_size=1', auth, 'credential');
    expect(connections - before).toBe(1);
  });

  it('sends the Api-Key, the caller\'s token as is, and Accept-Language', async () => {
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
