import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './context.js';
import type { RequestObserver } from './request-observer.js';

/** Reports each operation's name, type, outcome, duration and Getty pages when its response is sent. */
export function requestMetricsPlugin(observer: RequestObserver): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ contextValue, operation, response, errors }) {
          const first = errors?.[0] ?? (response.body.kind === 'single' ? response.body.singleResult.errors?.[0] : undefined);
          const code = first?.extensions?.code;
          observer.ended({
            operationName: operation?.name?.value,
            operationType: operation?.operation ?? 'unknown',
            outcome: first === undefined ? 'ok' : typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR',
            seconds: (performance.now() - started) / 1000,
            gettyFetches: contextValue.usage.gettyFetches,
          });
        },
      };
    },
  };
}
