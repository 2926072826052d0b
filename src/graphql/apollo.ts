import { ApolloServer } from '@apollo/server';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './context.js';
import { errorLoggingPlugin } from './error-logging-plugin.js';
import { createErrorFormatter } from './format-error.js';
import { resolvers } from './resolvers/index.js';
import { scalarResolvers } from './scalars.js';
import { loadTypeDefs } from './schema.js';

export interface ApolloOptions {
  production: boolean;
  /** Plugins from the HTTP layer, such as the playground's landing page. */
  plugins: ApolloServerPlugin<GatewayContext>[];
}

/** Apollo Server with the schema, resolvers and error policy; the HTTP layer mounts it. */
export function createApollo(options: ApolloOptions): ApolloServer<GatewayContext> {
  return new ApolloServer<GatewayContext>({
    typeDefs: loadTypeDefs(),
    resolvers: [resolvers, scalarResolvers],
    introspection: true,
    includeStacktraceInErrorResponses: !options.production,
    formatError: createErrorFormatter(options.production),
    plugins: [errorLoggingPlugin(), ...options.plugins],
  });
}
