import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { startStack } from './harness.js';
import type { Stack } from './harness.js';

const APP = 'https://app.example.test';
const QUERY = '{ downloads(first: 2) { totalCount nodes { id } } }';

function preflight(stack: Stack, origin: string, headers = 'content-type,authorization') {
  return fetch(`${stack.url}/graphql`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers },
  });
}

interface Answer {
  status: number;
  body: { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
}

async function post(stack: Stack, body: unknown): Promise<Answer> {
  const response = await fetch(`${stack.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

function postFrom(stack: Stack, origin: string, body: unknown = { query: QUERY }) {
  return fetch(`${stack.url}/graphql`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('CORS', () => {
  let sandbox: Stack;
  let getty: Stack;
  beforeAll(async () => {
    sandbox = await startStack({ config: { corsOrigins: [APP] } });
    // The same wiring labelled as real Getty: no localhost allowance.
    getty = await startStack({ sandbox: { dataset: sandbox.dataset }, config: { corsOrigins: [APP] }, target: { mode: 'getty' } });
  });
  afterAll(async () => {
    await sandbox.close();
    await getty.close();
  });

  it('answers a preflight from a listed origin, with credentials, and lets browsers cache it', async () => {
    const response = await preflight(getty, APP, 'content-type,authorization,apollo-require-preflight');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(response.headers.get('access-control-allow-headers')?.split(', ')).toEqual(
      expect.arrayContaining(['content-type', 'authorization', 'apollo-require-preflight']),
    );
    expect(response.headers.get('access-control-max-age')).toBe('600');
    expect(response.headers.get('vary')).toMatch(/\bOrigin\b/);
  });

  it('adds CORS headers to the actual request from a listed origin, exposing x-request-id', async () => {
    const response = await postFrom(getty, APP);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-expose-headers')).toBe('x-request-id');
    expect(((await response.json()) as { data: { downloads: { nodes: unknown[] } } }).data.downloads.nodes).toHaveLength(2);
  });

  it('allows localhost origins in sandbox mode, without credentials', async () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:3000']) {
      const response = await preflight(sandbox, origin);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      const actual = await postFrom(sandbox, origin);
      expect(actual.headers.get('access-control-allow-origin')).toBe(origin);
      expect(actual.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('gives unlisted origins no CORS headers: localhost outside sandbox mode, or any other site', async () => {
    for (const [stack, origin] of [
      [getty, 'http://localhost:5173'],
      [sandbox, 'https://evil.example'],
      [sandbox, 'http://localhost.evil.example'],
    ] as const) {
      const response = await preflight(stack, origin);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      const actual = await postFrom(stack, origin);
      expect(actual.headers.get('access-control-allow-origin')).toBeNull();
      expect(actual.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });
});

describe('Apollo browser conventions', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('answers automatic persisted queries: unknown hash, registration, then the hash alone, by POST and GET', async () => {
    const query = '{ downloads(first: 3) { totalCount nodes { id } } }';
    const persistedQuery = { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') };
    const unknown = await post(stack, { extensions: { persistedQuery } });
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');

    const registered = await post(stack, { query, extensions: { persistedQuery } });
    expect(registered.body.errors).toBeUndefined();
    const expected = registered.body.data;
    expect((expected as { downloads: { nodes: unknown[] } }).downloads.nodes).toHaveLength(3);

    const byHash = await post(stack, { extensions: { persistedQuery } });
    expect(byHash.status).toBe(200);
    expect(byHash.body).toEqual({ data: expected });

    const extensions = encodeURIComponent(JSON.stringify({ persistedQuery }));
    const get = await fetch(`${stack.url}/graphql?extensions=${extensions}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ data: expected });
  });

  it('serves queries over GET with a non-simple header, and refuses mutations over GET with a JSON 4xx', async () => {
    const get = (query: string, headers: Record<string, string>) => fetch(`${stack.url}/graphql?query=${encodeURIComponent(query)}`, { headers });
    const blocked = await get(QUERY, {});
    expect(blocked.status).toBe(400);
    expect(((await blocked.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe('BAD_REQUEST');

    const query = await get(QUERY, { 'apollo-require-preflight': 'true' });
    expect(query.status).toBe(200);
    expect(((await query.json()) as { data: { downloads: { nodes: unknown[] } } }).data.downloads.nodes).toHaveLength(2);

    // Apollo checks the operation type before validating it, so the rule shows although the schema has no mutations.
    const mutation = await get('mutation { downloads { totalCount } }', { 'apollo-require-preflight': 'true' });
    expect(mutation.status).toBe(405);
    expect(mutation.headers.get('allow')).toBe('POST');
    expect(mutation.headers.get('content-type')).toMatch(/json/);
    const body = (await mutation.json()) as { data?: unknown; errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]).toMatchObject({ message: expect.stringMatching(/GET requests only support query operations/), extensions: { code: 'BAD_REQUEST' } });
  });
});
