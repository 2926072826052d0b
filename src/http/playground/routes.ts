import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from '../../graphql/context.js';
import { loadPlaygroundAssets } from './assets.js';
import { exampleTabs } from './examples.js';
import { PLAYGROUND_ASSET_PATH, playgroundPage } from './page.js';

/**
 * The playground: Apollo serves its page on `GET /graphql` for browsers (`Accept: text/html`)
 * through the landing-page plugin seam; fastify serves the static files beside it.
 */
export function registerPlayground(app: FastifyInstance, now: () => Date): ApolloServerPlugin<GatewayContext> {
  const assets = loadPlaygroundAssets();
  app.get<{ Params: { name: string } }>(`${PLAYGROUND_ASSET_PATH}/:name`, async (request, reply) => {
    const asset = assets.get(request.params.name);
    if (asset === undefined) return reply.callNotFound();
    const gzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
    void reply
      .type(asset.contentType)
      .header('cache-control', 'public, max-age=3600')
      .header('vary', 'accept-encoding');
    if (gzip) void reply.header('content-encoding', 'gzip');
    return reply.send(gzip ? asset.gzipped() : asset.body);
  });
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html: playgroundPage('/graphql', exampleTabs(now())) };
        },
      };
    },
  };
}
