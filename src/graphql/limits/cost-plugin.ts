import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { getComplexity, simpleEstimator } from 'graphql-query-complexity';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_FIRST } from '../../domain/pagination/window.js';

/**
 * A connection field costs its page size times what one item selects: `first: 100`
 * asks for a hundred times the work of `first: 1`.
 */
const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  if (!('first' in args) && !('last' in args) && !('after' in args) && !('before' in args)) return undefined;
  const size = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : DEFAULT_FIRST;
  return 1 + Math.max(size, 1) * childComplexity;
};

/**
 * Rejects operations whose estimated cost (graphql-query-complexity, counting page sizes)
 * is over the limit, before anything runs. Runs once the operation and its variables are known.
 */
export function costLimitPlugin<T extends object>(maxCost: number): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              variables: request.variables ?? {},
              ...(request.operationName === undefined || request.operationName === null ? {} : { operationName: request.operationName }),
              estimators: [pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch {
            // Variables that do not coerce: execution rejects them with a proper 400 before anything runs.
            return;
          }
          if (cost > maxCost) {
            throw new GraphQLError(
              `This operation would cost ${cost}, over the limit of ${maxCost}: ask for smaller pages (first/last), fewer aliases or fewer fields.`,
              { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', cost, maxCost, http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}
