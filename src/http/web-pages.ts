import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { GatewayContext } from '../graphql/context.js';
import { publicDemoUsers } from './demo-users.js';
import type { DemoUserHint } from './demo-users.js';
import { registerDownloadsBrowser } from './downloads-browser/routes.js';
import { registerFavicon } from './favicon.js';
import { playground } from './playground/routes.js';

export interface WebPagesOptions {
  /** `PLAYGROUND`: GraphiQL on `GET /graphql` and the downloads browser on `GET /`. */
  enabled: boolean;
  demoUsers: ReadonlyArray<DemoUserHint>;
  thumbnailOrigins: readonly string[];
  now: () => Date;
}

/** The pages for people with a browser: fastify routes, and the landing page Apollo serves on `GET /graphql`. */
export interface WebPages {
  /** Absent when the pages are off. */
  routes: FastifyPluginAsync | undefined;
  /**
   * The playground, or, when the pages are off, a plugin that disables Apollo's default landing
   * page (which would load Apollo's hosted sandbox from a CDN).
   */
  landingPage: ApolloServerPlugin<GatewayContext>;
}

export function webPages(options: WebPagesOptions): WebPages {
  if (!options.enabled) return { routes: undefined, landingPage: ApolloServerPluginLandingPageDisabled() };
  const demoUsers = publicDemoUsers(options.demoUsers);
  const graphiql = playground({ now: options.now, demoUsers });
  const routes = fp(
    async (app) => {
      registerFavicon(app);
      registerDownloadsBrowser(app, { graphqlPath: '/graphql', thumbnailOrigins: options.thumbnailOrigins });
      graphiql.routes(app);
    },
    { name: 'web-pages' },
  );
  return { routes, landingPage: graphiql.landingPage };
}
