import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from '../../graphql/context.js';
import type { DemoUserHint } from '../demo-users.js';
import { sendStaticAsset, versionedUrls } from '../static-asset.js';
import type { Asset } from '../static-asset.js';
import { loadPlaygroundAssets } from './assets.js';
import { demoUserHeaders, demoUsersTab, exampleTabs } from './examples.js';
import { PLAYGROUND_ASSET_PATH, playgroundPage } from './page.js';

export interface PlaygroundOptions {
  now: () => Date;
  /** Sandbox mode: a tab shows how to act as each of them. */
  demoUsers: ReadonlyArray<DemoUserHint>;
}

/**
 * The playground: fastify serves its static files (`routes`); Apollo serves its page on
 * `GET /graphql` for browsers (`Accept: text/html`) through the landing-page plugin seam.
 */
export interface Playground {
  routes(app: FastifyInstance): void;
  landingPage: ApolloServerPlugin<GatewayContext>;
}

export function playground(options: PlaygroundOptions): Playground {
  const assets = loadPlaygroundAssets();
  return { routes: (app) => registerAssets(app, assets), landingPage: landingPage(options, versionedUrls(PLAYGROUND_ASSET_PATH, assets)) };
}

function registerAssets(app: FastifyInstance, assets: Map<string, Asset>): void {
  app.get<{ Params: { name: string } }>(`${PLAYGROUND_ASSET_PATH}/:name`, async (request, reply) => {
    const asset = assets.get(request.params.name);
    if (asset === undefined) return reply.callNotFound();
    return sendStaticAsset(request, reply, asset);
  });
}

function landingPage(options: PlaygroundOptions, assetUrl: ReturnType<typeof versionedUrls>): ApolloServerPlugin<GatewayContext> {
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          const usersTab = demoUsersTab(options.demoUsers);
          const defaultHeaders = usersTab === undefined ? undefined : demoUserHeaders(options.demoUsers);
          const examples = exampleTabs(options.now()).map((tab) => ({ ...tab, headers: defaultHeaders }));
          const tabs = usersTab === undefined ? examples : [...examples, usersTab];
          return { html: playgroundPage({ endpoint: '/graphql', tabs, defaultHeaders }, assetUrl) };
        },
      };
    },
  };
}
