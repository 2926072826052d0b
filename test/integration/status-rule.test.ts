import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readConfig } from '../../src/config/env.js';
import { startStack, TEST_UPSTREAM } from './harness.js';
import type { Stack } from './harness.js';

const JSON_MEDIA = 'application/json';
const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const MEDIA_TYPES = [JSON_MEDIA, GRAPHQL_RESPONSE] as const;
type Media = (typeof MEDIA_TYPES)[number];

const QUERY = '{ downloads(first: 3) { totalCount nodes { id } } }';

interface Answer {
  status: number;
  contentType: string | null;
  retryAfter: string | null;
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

/** The status rule of the README's Errors section, driven by real conditions against the sandbox. */
describe('one HTTP status rule for every error code, per media type', () => {
  let stack: Stack;
  /** No service account: a request without a token has no credential at all. */
  let bare: Stack;

  beforeAll(async () => {
    stack = await startStack({ config: { upstream: { ...TEST_UPSTREAM, timeoutMs: 150 } } });
    bare = await startStack({ serviceAccount: false, sandbox: { dataset: stack.dataset } });
  });
  afterAll(async () => {
    await stack?.close();
    await bare?.close();
  });

  async function send(target: Stack, accept: Media, init: { method?: string; path?: string; body?: string; headers?: Record<string, string> }): Promise<Answer> {
    const response = await fetch(`${target.url}${init.path ?? '/graphql'}`, {
      method: init.method ?? 'POST',
      headers: { 'content-type': 'application/json', accept, ...init.headers },
      ...(init.body === undefined ? {} : { body: init.body }),
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      retryAfter: response.headers.get('retry-after'),
      body: (await response.json()) as Answer['body'],
    };
  }
  const graphql = (query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => (accept: Media) =>
    send(stack, accept, { body: JSON.stringify({ query, variables }), ...(headers === undefined ? {} : { headers }) });

  /** A field failed: `downloads` is null next to the error, `data` is there, so 200 for both media types. */
  const fieldErrors: Array<[string, string, (accept: Media) => Promise<Answer>]> = [
    ['BAD_USER_INPUT', 'a malformed cursor', graphql('{ downloads(after: "bm9wZQ") { totalCount } }')],
    [
      'BAD_USER_INPUT',
      'Getty answered 400',
      (accept) => {
        stack.sandbox.script('downloads', { kind: 'status', status: 400, body: { ErrorCode: 'InvalidParameterValue' } });
        return graphql(QUERY)(accept);
      },
    ],
    ['UNAUTHENTICATED', 'no token and no service account', (accept) => send(bare, accept, { body: JSON.stringify({ query: QUERY }) })],
    ['UNAUTHENTICATED', 'a token Getty rejects', graphql(QUERY, undefined, { authorization: 'Bearer not-a-token' })],
    [
      'FORBIDDEN',
      'company downloads for an account not enabled for them',
      graphql('{ downloads(companyDownloads: true) { totalCount } }', undefined, { authorization: 'Bearer sandbox-sam' }),
    ],
    [
      'UPSTREAM_RATE_LIMITED',
      'Getty answered 429 on every attempt',
      (accept) => {
        const limited = { kind: 'status', status: 429 } as const;
        stack.sandbox.script('downloads', limited, limited, limited);
        return graphql(QUERY)(accept);
      },
    ],
    [
      'UPSTREAM_TIMEOUT',
      'Getty did not answer',
      (accept) => {
        stack.sandbox.script('downloads', { kind: 'hang' }, { kind: 'hang' }, { kind: 'hang' });
        return graphql(QUERY)(accept);
      },
    ],
    [
      'UPSTREAM_UNAVAILABLE',
      'Getty answered 5xx on every attempt',
      (accept) => {
        stack.sandbox.script('downloads', { kind: 'status', status: 500 }, { kind: 'status', status: 502 }, { kind: 'status', status: 503 });
        return graphql(QUERY)(accept);
      },
    ],
    [
      'UPSTREAM_BAD_RESPONSE',
      'Getty answered a body that is not JSON',
      (accept) => {
        stack.sandbox.script('downloads', { kind: 'garbage' });
        return graphql(QUERY)(accept);
      },
    ],
  ];

  /** The request failed before execution: no `data`. 200 as application/json, 400 as graphql-response+json. */
  const requestErrors: Array<[string, string, (accept: Media) => Promise<Answer>]> = [
    ['GRAPHQL_PARSE_FAILED', 'a query that does not parse', graphql('{ downloads(')],
    ['GRAPHQL_VALIDATION_FAILED', 'an unknown field', graphql('{ uploads { id } }')],
    ['BAD_USER_INPUT', 'a variable of the wrong type', graphql('query($first: Int) { downloads(first: $first) { totalCount } }', { first: 'ten' })],
    [
      'BAD_USER_INPUT',
      'a date variable that is not YYYY-MM-DD',
      graphql('query($from: Date) { downloads(dateRange: { from: $from }) { totalCount } }', { from: '03/01/2026' }),
    ],
    ['BAD_USER_INPUT', 'an inline date that is not YYYY-MM-DD', graphql('{ downloads(dateRange: { from: "03/01/2026" }) { totalCount } }')],
    [
      'OPERATION_RESOLUTION_FAILURE',
      'several operations and no operationName',
      graphql('query Count { downloads(first: 1) { totalCount } } query Ids { downloads(first: 1) { nodes { id } } }'),
    ],
    [
      'OPERATION_RESOLUTION_FAILURE',
      'an operationName the document does not hold',
      (accept) => send(stack, accept, { body: JSON.stringify({ query: 'query Count { downloads(first: 1) { totalCount } }', operationName: 'Ids' }) }),
    ],
    [
      'PERSISTED_QUERY_NOT_FOUND',
      'a persisted-query hash the gateway has not seen',
      (accept) =>
        send(stack, accept, {
          body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(`${QUERY} #${accept}`).digest('hex') } } }),
        }),
    ],
  ];

  /** Not a well-formed GraphQL-over-HTTP request: the same 4xx whatever the client accepts. */
  const httpErrors: Array<[string, string, number, (accept: Media) => Promise<Answer>]> = [
    ['BAD_REQUEST', 'malformed JSON', 400, (accept) => send(stack, accept, { body: '{"query": ' })],
    [
      'BAD_REQUEST',
      'an unsupported content type',
      415,
      (accept) => send(stack, accept, { body: 'query=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    ],
    ['BAD_REQUEST', 'a body without a query', 400, (accept) => send(stack, accept, { body: '{}' })],
    [
      'BAD_REQUEST',
      'a GET blocked by CSRF prevention',
      400,
      (accept) => send(stack, accept, { method: 'GET', path: `/graphql?query=${encodeURIComponent(QUERY)}`, headers: { 'content-type': '' } }),
    ],
    [
      'BAD_REQUEST',
      'a mutation over GET',
      405,
      (accept) =>
        send(stack, accept, {
          method: 'GET',
          path: `/graphql?query=${encodeURIComponent('mutation { downloads { totalCount } }')}`,
          headers: { 'apollo-require-preflight': 'true' },
        }),
    ],
    ['NOT_FOUND', 'an unknown route', 404, (accept) => send(stack, accept, { method: 'GET', path: '/nope' })],
  ];

  describe.each(MEDIA_TYPES)('Accept: %s', (accept) => {
    it.each(fieldErrors)('%s (%s): 200, data kept with the field null', async (code, _condition, run) => {
      const answer = await run(accept);
      expect({ status: answer.status, codes: answer.body.errors?.map((error) => error.extensions?.code) }).toEqual({ status: 200, codes: [code] });
      expect(answer.body.data).toEqual({ downloads: null });
      expect(answer.contentType).toBe(`${accept}; charset=utf-8`);
    });

    it.each(requestErrors)('%s (%s): no data, so 200 as JSON and 400 as graphql-response+json', async (code, _condition, run) => {
      const answer = await run(accept);
      expect({ status: answer.status, codes: answer.body.errors?.map((error) => error.extensions?.code) }).toEqual({
        status: accept === JSON_MEDIA ? 200 : 400,
        codes: [code],
      });
      expect(answer.body).not.toHaveProperty('data');
      expect(answer.contentType).toBe(`${accept}; charset=utf-8`);
    });

    it.each(httpErrors)('%s (%s): %i either way', async (code, _condition, status, run) => {
      const answer = await run(accept);
      expect({ status: answer.status, codes: answer.body.errors?.map((error) => error.extensions?.code) }).toEqual({ status, codes: [code] });
    });
  });

  it('sends no Retry-After when no error says when to retry', async () => {
    const limited = { kind: 'status', status: 429 } as const;
    stack.sandbox.script('downloads', limited, limited, limited);
    const answer = await graphql(QUERY)(GRAPHQL_RESPONSE);
    expect(answer.body.errors?.[0]?.extensions?.retryAfterSeconds).toBeUndefined();
    expect(answer.retryAfter).toBeNull();
  });
});

describe('Retry-After on answers whose errors carry retryAfterSeconds', () => {
  let stack: Stack | undefined;
  afterAll(() => stack?.close());
  const query = (target: Stack, text: string, accept: Media = JSON_MEDIA, headers: Record<string, string> = {}) =>
    fetch(`${target.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept, ...headers }, body: JSON.stringify({ query: text }) });

  it("Getty's own Retry-After on a 429, in whole seconds", async () => {
    stack = await startStack();
    const limited = { kind: 'status', status: 429, headers: { 'retry-after': '7' } } as const;
    stack.sandbox.script('downloads', limited, limited, limited);
    const response = await query(stack, QUERY);
    const body = (await response.json()) as Answer['body'];
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', retryAfterSeconds: 7 });
    expect(response.status).toBe(200);
    expect(response.headers.get('retry-after')).toBe('7');
    await stack.close();
    stack = undefined;
  });

  it('the rate shaper refusing a call, next to a sibling that got its data', async () => {
    // A caller's own token: a service-account token grant would take the budget's one slot itself.
    stack = await startStack({ serviceAccount: false, config: { protection: { ...readConfig({}).protection, maxQps: 1, queueMs: 0 } } });
    const response = await query(stack, '{ a: downloads(first: 1) { totalCount } b: downloads(first: 2) { totalCount } }', GRAPHQL_RESPONSE, {
      authorization: 'Bearer sandbox-bob',
    });
    const body = (await response.json()) as Answer['body'];
    const refused = body.errors?.[0]?.extensions;
    expect(refused).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED' });
    expect(typeof refused?.retryAfterSeconds).toBe('number');
    expect(response.status).toBe(200);
    expect(response.headers.get('retry-after')).toBe(String(refused?.retryAfterSeconds));
    const data = body.data as Record<string, { totalCount: number } | null>;
    expect(Object.values(data).filter((value) => value === null)).toHaveLength(1);
    expect(Object.values(data).filter((value) => value !== null && value.totalCount > 0)).toHaveLength(1);
  });
});
