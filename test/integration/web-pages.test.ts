import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getIntrospectionQuery } from 'graphql';
import { startStack } from './harness.js';
import type { Stack } from './harness.js';

const INTROSPECTION = '{ __schema { queryType { name } } }';

function directives(csp: string | null): Map<string, string> {
  return new Map(
    (csp ?? '').split('; ').map((directive) => {
      const [name = '', ...values] = directive.split(' ');
      return [name, values.join(' ')];
    }),
  );
}

describe('browser pages (PLAYGROUND on, the default)', () => {
  let stack: Stack;
  const tiers: string[] = [];
  beforeAll(async () => {
    stack = await startStack({ onExecution: (tier) => tiers.push(tier) });
  });
  afterAll(() => stack.close());

  it('serves the downloads browser on GET /, with a CSP that allows only its own origin, and images from the sandbox', async () => {
    const page = await fetch(`${stack.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = directives(page.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toBe("'self'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('connect-src')).toBe("'self'");
    expect(csp.get('img-src')).toBe(`'self' data: ${new URL(stack.sandbox.url).origin}`);
    const html = await page.text();
    expect(html).toContain('<label for="product-type">Product type</label>');
    const sources = [...html.matchAll(/<(?:link|script)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(sources).toEqual([
      '/favicon.svg',
      expect.stringMatching(/^\/app\/downloads\.css\?v=[0-9a-f]{12}$/),
      expect.stringMatching(/^\/app\/downloads\.js\?v=[0-9a-f]{12}$/),
    ]);
    for (const source of sources) {
      expect(source.startsWith('/')).toBe(true);
      const asset = await fetch(`${stack.url}${source}`, { headers: { 'accept-encoding': 'identity' } });
      expect(asset.status).toBe(200);
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    expect((await fetch(`${stack.url}/app/downloads.js`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('puts no token in the downloads browser (it signs in through /auth/login); the playground offers the demo tokens, never passwords', async () => {
    const html = await (await fetch(`${stack.url}/`)).text();
    const config = JSON.parse(/<script type="application\/json" id="browser-config">(.+?)<\/script>/.exec(html)?.[1] ?? '{}') as Record<string, unknown>;
    expect(config).toEqual({ endpoint: '/graphql', pageSize: 24 });
    expect(html).toContain('<a id="sign-in" class="button" href="/auth/login" hidden>Sign in</a>');
    expect(html).not.toMatch(/bearer/i);
    const playground = await (await fetch(`${stack.url}/graphql`, { headers: { accept: 'text/html' } })).text();
    for (const user of stack.sandbox.demoUsers) {
      expect(html).not.toContain(user.bearerToken);
      expect(playground).toContain(`Bearer ${user.bearerToken}`);
      expect(html).not.toContain(user.password);
      expect(playground).not.toContain(user.password);
    }
  });

  it("keeps the playground's CSP to its own origin: no image origin besides itself", async () => {
    const page = await fetch(`${stack.url}/graphql`, { headers: { accept: 'text/html' } });
    const csp = directives(page.headers.get('content-security-policy'));
    expect(csp.get('img-src')).toBe("'self' data:");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('style-src')).toBe("'self' 'unsafe-inline'");
  });

  it('answers introspection, interpreted on the first run and compiled after', async () => {
    tiers.length = 0;
    for (let run = 0; run < 3; run += 1) {
      const response = await stack.graphql(INTROSPECTION);
      expect(response.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    }
    expect(tiers).toEqual(['interpreted', 'compiled', 'compiled']);
    const full = getIntrospectionQuery();
    const first = await stack.graphql(full);
    const second = await stack.graphql(full);
    expect(tiers.slice(3)).toEqual(['interpreted', 'compiled']);
    expect(second.body.errors).toBeUndefined();
    expect(second.body).toEqual(first.body);
    expect(JSON.stringify(second.body)).toContain('"name":"Download"');
  });
});

describe('browser pages off (PLAYGROUND=false, GRAPHQL_INTROSPECTION=false)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ config: { playground: false, introspection: false } });
  });
  afterAll(() => stack.close());

  it('serves neither page nor their files, and no other landing page', async () => {
    for (const path of ['/', '/app/downloads.js', '/playground/graphiql.js', '/favicon.svg']) {
      const response = await fetch(`${stack.url}${path}`);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe('NOT_FOUND');
    }
    // Without a landing page a browser's GET is just a GET without a query: Apollo's CSRF answer.
    const graphql = await fetch(`${stack.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(graphql.status).toBe(400);
    expect(graphql.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await graphql.text();
    expect(body).not.toMatch(/<html|graphiql/i);
    expect((JSON.parse(body) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe('BAD_REQUEST');
  });

  it('refuses introspection, still answering queries', async () => {
    const refused = await stack.graphql(INTROSPECTION);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refused.body.errors?.[0]?.message).toMatch(/introspection/i);
    const answered = await stack.graphql('{ downloads(first: 1) { totalCount } }');
    expect(answered.body.errors).toBeUndefined();
  });
});
