import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { DocumentNode, GraphQLSchema } from 'graphql';
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

const ESTIMATORS = [pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })];
const COSTS_PER_DOCUMENT = 64;

/**
 * Costs per parsed document (Apollo reuses the document object for a repeated query), by
 * the variables that can change a cost: numbers (page sizes) and booleans (@skip/@include).
 * Cursors and dates do not, so paging through a list costs one estimate.
 */
class CostMemo {
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, number | undefined>>();

  cost(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>): number | undefined {
    const key = `${operationName ?? ''}\n${JSON.stringify(Object.entries(variables).filter(([, value]) => typeof value === 'number' || typeof value === 'boolean'))}`;
    let costs = this.byDocument.get(document);
    if (costs === undefined) {
      costs = new Map();
      this.byDocument.set(document, costs);
    }
    if (costs.has(key)) return costs.get(key);
    if (costs.size >= COSTS_PER_DOCUMENT) costs.clear();
    const cost = estimate(schema, document, operationName, variables);
    costs.set(key, cost);
    return cost;
  }
}

/** `undefined` when the variables do not coerce: execution then rejects them with a proper 400. */
function estimate(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>): number | undefined {
  try {
    return getComplexity({ schema, query: document, variables, ...(operationName === undefined ? {} : { operationName }), estimators: ESTIMATORS });
  } catch {
    return undefined;
  }
}

/**
 * Rejects operations whose estimated cost (graphql-query-complexity, counting page sizes)
 * is over the limit, before anything runs. Runs once the operation and its variables are known.
 */
export function costLimitPlugin<T extends object>(maxCost: number): ApolloServerPlugin<T> {
  const memo = new CostMemo();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          const cost = memo.cost(schema, document, request.operationName ?? undefined, request.variables ?? {});
          if (cost === undefined) return;
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
