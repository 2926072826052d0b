import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from '../graphql/context.js';
import { publicDemoUsers } from './demo-users.js';
import type { DemoUserHint } from './demo-users.js';
import { registerDownloadsBrowser } from './downloads-browser/routes.js';
import { registerFavicon } from './favicon.js';
import { registerPlayground } from './playground/routes.js';

export interface WebPagesOptions {
  /** `PLAYGROUND`: GraphiQL on `GET /graphql` and the downloads browser on `GET /`. */
  enabled: boolean;
  demoUsers: ReadonlyArray<DemoUserHint>;
  thumbnailOrigins: readonly string[];
  now: () => Date;
}

/**
 * The pages for people with a browser. Returns Apollo's landing-page plugin: the playground,
 * or, when the pages are off, one that disables Apollo's default landing page (which would
 * load Apollo's hosted sandbox from a CDN).
 */
export function registerWebPages(app: FastifyInstance, options: WebPagesOptions): ApolloServerPlugin<GatewayContext> {
  if (!options.enabled) return ApolloServerPluginLandingPageDisabled();
  const demoUsers = publicDemoUsers(options.demoUsers);
  registerFavicon(app);
  registerDownloadsBrowser(app, { graphqlPath: '/graphql', demoUsers, thumbnailOrigins: options.thumbnailOrigins });
  return registerPlayground(app, { now: options.now, demoUsers });
}
