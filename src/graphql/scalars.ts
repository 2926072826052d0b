import type { GraphQLScalarType } from 'graphql';
import { DateResolver, DateTimeResolver, URLResolver } from 'graphql-scalars';

type ScalarBehaviour = Pick<GraphQLScalarType, 'serialize' | 'parseValue' | 'parseLiteral'>;

/**
 * graphql-scalars' parsing and serializing, without its descriptions: handing over the
 * whole scalar would replace the descriptions written in schema/scalars.graphql.
 */
function behaviourOf(scalar: GraphQLScalarType): ScalarBehaviour {
  return { serialize: scalar.serialize, parseValue: scalar.parseValue, parseLiteral: scalar.parseLiteral };
}

export const scalarResolvers = {
  Date: behaviourOf(DateResolver),
  DateTime: behaviourOf(DateTimeResolver),
  URL: behaviourOf(URLResolver),
};
