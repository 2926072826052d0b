import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './context.js';
import { operationOutcome } from './operation-outcome.js';

const MAX_OPERATION_NAME = 100;

/**
 * Names the request's span after its operation and records the outcome. Never the query text
 * or variables: they may carry anything a client typed. In a batch, the last operation names it.
 */
export function tracingPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(request) {
          const { contextValue, operation } = request;
          const outcome = operationOutcome(request);
          contextValue.trace.set({
            'graphql.operation.name': operation?.name?.value.slice(0, MAX_OPERATION_NAME) ?? '',
            'graphql.operation.type': operation?.operation ?? 'unknown',
            'gateway.outcome': outcome,
          });
          if (outcome !== 'ok') contextValue.trace.fail(outcome);
        },
      };
    },
  };
}
