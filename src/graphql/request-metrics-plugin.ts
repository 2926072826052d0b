import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './context.js';
import { operationOutcome } from './operation-outcome.js';
import type { RequestObserver } from './request-observer.js';

/** Reports each operation's name, type, outcome, duration and Getty pages when its response is sent. */
export function requestMetricsPlugin(observer: RequestObserver): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse(request) {
          const { contextValue, operation } = request;
          observer.ended({
            operationName: operation?.name?.value,
            operationType: operation?.operation ?? 'unknown',
            outcome: operationOutcome(request),
            seconds: (performance.now() - started) / 1000,
            gettyFetches: contextValue.usage.gettyFetches,
          });
        },
      };
    },
  };
}
