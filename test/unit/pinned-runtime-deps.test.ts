import { describe, expect, it } from '@jest/globals';
import { makeExecutableSchema } from '@graphql-tools/schema';
import Fastify from 'fastify';
import { graphql } from 'graphql';

/**
 * package.json `overrides` pin two runtime dependencies to versions whose `engines` allow
 * Node 20 (README, Operations): these are the code paths that use them.
 */
describe('runtime dependencies pinned for Node 20', () => {
  it('light-my-request 6.6 (cookie 1): fastify.inject serializes cookies', async () => {
    const app = Fastify();
    app.get('/', async (request) => ({ cookie: request.headers.cookie }));
    const response = await app.inject({ method: 'GET', url: '/', cookies: { session: 'a b' } });
    expect(response.json()).toEqual({ cookie: 'session=a%20b' });
    await app.close();
  });

  it('@graphql-tools/schema, whose utils 12 run on @whatwg-node/promise-helpers 1.3: an executable schema with async resolvers', async () => {
    const schema = makeExecutableSchema({
      typeDefs: 'type Query { later: String }',
      resolvers: { Query: { later: async () => 'done' } },
    });
    expect(await graphql({ schema, source: '{ later }' })).toEqual({ data: { later: 'done' } });
  });
});
