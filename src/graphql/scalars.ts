import { GraphQLError, print } from 'graphql';
import type { GraphQLScalarType, ValueNode } from 'graphql';
import { DateResolver, DateTimeResolver, URLResolver } from 'graphql-scalars';
import { ErrorCode } from '../errors.js';

type ScalarBehaviour = Pick<GraphQLScalarType, 'serialize' | 'parseValue' | 'parseLiteral'>;

/**
 * A scalar input the caller wrote wrong. The same value is refused the same way whether it
 * is written in the query (graphql-js reports it as a validation error, which the error
 * formatter turns back into this code) or passed as a variable.
 */
export class ScalarInputError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: ErrorCode.BadUserInput } });
    this.name = 'ScalarInputError';
  }
}

/**
 * graphql-scalars' parsing and serializing, without its descriptions: handing over the
 * whole scalar would replace the descriptions written in schema/scalars.graphql.
 */
function behaviourOf(scalar: GraphQLScalarType): ScalarBehaviour {
  return { serialize: scalar.serialize, parseValue: scalar.parseValue, parseLiteral: scalar.parseLiteral };
}

/** graphql-scalars' Date, with a message that names the form it wants instead of its own. */
function dateBehaviour(): ScalarBehaviour {
  const refuse = (shown: string) => new ScalarInputError(`A Date is a calendar day written YYYY-MM-DD, e.g. 2026-03-01 (got ${shown}).`);
  return {
    serialize: DateResolver.serialize,
    parseValue: (value: unknown) => {
      try {
        return DateResolver.parseValue(value);
      } catch {
        throw refuse(JSON.stringify(value) ?? String(value));
      }
    },
    parseLiteral: (node: ValueNode, variables?: { [name: string]: unknown } | null) => {
      try {
        return DateResolver.parseLiteral(node, variables);
      } catch {
        throw refuse(print(node));
      }
    },
  };
}

/**
 * graphql-scalars' URL, but a value that is already a URL (the domain parses each once, when
 * its page is mapped) is written out as it is instead of parsed again for every response.
 */
function urlBehaviour(): ScalarBehaviour {
  const scalar = behaviourOf(URLResolver);
  return { ...scalar, serialize: (value: unknown) => (value instanceof URL ? value.href : scalar.serialize(value)) };
}

export const scalarResolvers = {
  Date: dateBehaviour(),
  DateTime: behaviourOf(DateTimeResolver),
  URL: urlBehaviour(),
};
