import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { gunzipSync } from 'node:zlib';
import { readConfig } from '../../src/config/env.js';
import { buildDataset } from '../../src/sandbox/index.js';
import type { SandboxDataset, SandboxDownload } from '../../src/sandbox/index.js';
import { startStack } from './harness.js';
import type { Stack } from './harness.js';

async function post(stack: Stack, body: string, contentType = 'application/json') {
  const response = await fetch(`${stack.url}/graphql`, { method: 'POST', headers: { 'content-type': contentType }, body });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: (await response.json()) as { errors?: Array<{ message: string; extensions?: { code?: string } }> },
  };
}

describe('HTTP behaviour', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it.each([
    ['malformed JSON', '{"query": ', 'application/json', 400, 'BAD_REQUEST'],
    ['an unsupported content type', 'query=x', 'application/x-www-form-urlencoded', 415, 'BAD_REQUEST'],
    ['a body over the limit', JSON.stringify({ query: `{ downloads { totalCount } } #${'x'.repeat(200_000)}` }), 'application/json', 413, 'BAD_REQUEST'],
    ['a body without a query', '{}', 'application/json', 400, 'BAD_REQUEST'],
    // Well-formed requests whose GraphQL fails: 200 as application/json (the status rule, status-rule.test.ts).
    ['a query that does not parse', JSON.stringify({ query: '{ downloads(' }), 'application/json', 200, 'GRAPHQL_PARSE_FAILED'],
    ['an unknown field', JSON.stringify({ query: '{ uploads { id } }' }), 'application/json', 200, 'GRAPHQL_VALIDATION_FAILED'],
  ])('answers %s with a JSON GraphQL error body', async (_what, body, contentType, status, code) => {
    const response = await post(stack, body, contentType);
    expect(response.status).toBe(status);
    expect(response.type).toMatch(/^application\/(graphql-response\+)?json/);
    expect(response.body.errors?.[0]?.extensions?.code).toBe(code);
    expect(response.body.errors?.[0]?.message.length).toBeGreaterThan(5);
  });

  it('answers unknown routes with a JSON 404 that points at the endpoint', async () => {
    const response = await fetch(`${stack.url}/nope`);
    expect(response.status).toBe(404);
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]?.extensions.code).toBe('NOT_FOUND');
    expect(body.errors[0]?.message).toMatch(/\/graphql/);
  });

  it('reports health with the mode and upstream reachability on the admin listener', async () => {
    const response = await fetch(`${stack.adminUrl}/healthz`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; mode: string; upstream: { reachable: boolean; status: number } };
    expect(body).toMatchObject({ status: 'ok', mode: 'sandbox', upstream: { reachable: true, status: 401 } });
  });

  it('reports an unreachable upstream in health as degraded, still answering 200 (the process itself is alive)', async () => {
    const down = await startStack({ sandbox: { dataset: stack.dataset }, target: { apiUrl: 'http://127.0.0.1:9' } });
    try {
      const response = await fetch(`${down.adminUrl}/healthz`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { status: string; upstream: { reachable: boolean } };
      expect(body.upstream.reachable).toBe(false);
      expect(body.status).toBe('degraded');
      // The public port says the same, without the details.
      const publicHealth = await fetch(`${down.url}/healthz`);
      expect(publicHealth.status).toBe(200);
      expect(await publicHealth.json()).toEqual({ status: 'degraded' });
    } finally {
      await down.close();
    }
  });

  it('reports health as degraded while the breaker is open, though Getty answers the probe', async () => {
    const breaker = { errorPercent: 50, minimumCalls: 1, windowMs: 10_000, coolDownMs: 60_000 };
    const failing = await startStack({ sandbox: { dataset: stack.dataset }, config: { protection: { ...readConfig({}).protection, maxQps: 0, breaker } } });
    try {
      const health = async () => (await (await fetch(`${failing.adminUrl}/healthz`)).json()) as { status: string; upstream: { reachable: boolean; breaker: string } };
      expect(await health()).toMatchObject({ status: 'ok', upstream: { breaker: 'closed' } });
      failing.sandbox.script('downloads', { kind: 'status', status: 500 }, { kind: 'status', status: 500 }, { kind: 'status', status: 500 });
      expect((await failing.graphql('{ downloads(first: 1) { totalCount } }')).body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(await health()).toMatchObject({ status: 'degraded', upstream: { reachable: true, breaker: 'open' } });
      expect(await (await fetch(`${failing.url}/healthz`)).json()).toEqual({ status: 'degraded' });
    } finally {
      await failing.close();
    }
  });

  it('echoes a sane x-request-id, makes one up otherwise, and logs JSON lines carrying it', async () => {
    const mine = await fetch(`${stack.url}/healthz`, { headers: { 'x-request-id': 'trace-abc.123' } });
    expect(mine.headers.get('x-request-id')).toBe('trace-abc.123');
    const hostile = await fetch(`${stack.url}/healthz`, { headers: { 'x-request-id': 'bad id\twith "quotes"' } });
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const line = stack.logs.find((entry) => entry.reqId === 'trace-abc.123');
    expect(line).toMatchObject({ level: 'info', msg: 'request completed', method: 'GET', path: '/healthz', status: 200 });
    expect(typeof line?.time).toBe('string');
  });

  it('serves the playground to browsers, from its own origin only', async () => {
    const page = await fetch(`${stack.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const html = await page.text();
    expect(html).toContain('downloads(first: $first)');
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(sources.length).toBeGreaterThanOrEqual(5);
    for (const source of sources) {
      expect(source.startsWith('/')).toBe(true);
      const asset = await fetch(`${stack.url}${source}`, { headers: { 'accept-encoding': 'identity' } });
      expect(asset.status).toBe(200);
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(20);
    }
  });

  it('compresses the large playground bundle for clients that accept gzip', async () => {
    const raw = await fetch(`${stack.url}/playground/graphiql.js`, { headers: { 'accept-encoding': 'identity' } });
    const rawBytes = Buffer.from(await raw.arrayBuffer());
    const { request } = await import('node:http');
    const gzipped = await new Promise<Buffer>((resolve, reject) => {
      request(`${stack.url}/playground/graphiql.js`, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
        expect(response.headers['content-encoding']).toBe('gzip');
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => resolve(Buffer.concat(chunks)));
      })
        .on('error', reject)
        .end();
    });
    expect(gzipped.length).toBeLessThan(rawBytes.length / 3);
    expect(gunzipSync(gzipped).equals(rawBytes)).toBe(true);
  });
});

describe('values Getty may send that the schema does not know', () => {
  let stack: Stack;
  let odd: SandboxDownload;

  beforeAll(async () => {
    const dataset = buildDataset({ today: new Date() });
    const alices = dataset.downloads.filter((d) => d.ownerUsername === 'alice.w');
    odd = { ...alices[0]!, product_type: 'newthing', asset_type: 'illustration' } as unknown as SandboxDownload;
    const downloads = dataset.downloads.map((d) => (d === alices[0] ? odd : d));
    const patched: SandboxDataset = { ...dataset, downloads };
    stack = await startStack({ sandbox: { dataset: patched, thumbnailBaseUrl: 'not a url' } });
  });
  afterAll(() => stack.close());

  it('serves them as null with a warning, never failing the item or the query', async () => {
    const response = await stack.graphql('{ downloads(first: 3) { nodes { assetId assetType productType thumbnailUrl downloadedAt } } }');
    expect(response.body.errors).toBeUndefined();
    const nodes = (response.body.data as { downloads: { nodes: Array<Record<string, unknown>> } }).downloads.nodes;
    expect(nodes[0]).toMatchObject({ assetId: odd.id, assetType: null, productType: null, thumbnailUrl: null });
    expect(nodes[1]?.productType).not.toBeNull();
    expect(nodes.every((node) => node.thumbnailUrl === null)).toBe(true);
    const warnings = stack.logs.filter((line) => line.level === 'warn' && typeof line.field === 'string');
    expect(warnings.map((line) => `${String(line.field)}=${String(line.value)}`).sort()).toEqual(['assetType=illustration', 'productType=newthing']);
  });
});
