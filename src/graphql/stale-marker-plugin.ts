import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './context.js';

/** Tells the client when some data came from the cache because Getty was failing. */
export function staleMarkerPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          if (!contextValue.freshness.stale || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, stale: true };
        },
      };
    },
  };
}
