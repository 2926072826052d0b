import type { GraphQLSchema } from 'graphql';
import { selectAll } from './selection.js';

/** A GraphQL request body, ready to POST. */
export interface GraphQLBody {
  query: string;
  variables?: Record<string, string>;
}

/** One aliased `downloads` field: `first`, and `after` given as a cursor, when there is one. */
export interface DownloadsCall {
  alias: string;
  first: number;
  after?: string;
}

/**
 * A query of one or more `downloads` aliases, each selecting every Download field (with
 * cursors) plus `pageInfo` and `totalCount`: the heaviest page a client can ask for.
 * Cursors travel as variables, as a client would send them.
 */
export function fullDownloadsQuery(schema: GraphQLSchema, calls: ReadonlyArray<DownloadsCall>): GraphQLBody {
  const connection = `edges { cursor node { ${selectAll(schema, 'Download')} } } pageInfo { ${selectAll(schema, 'PageInfo')} } totalCount`;
  const variables: Record<string, string> = {};
  const fields = calls.map(({ alias, first, after }) => {
    if (after === undefined) return `${alias}: downloads(first: ${first}) { ${connection} }`;
    const name = `after_${alias}`;
    variables[name] = after;
    return `${alias}: downloads(first: ${first}, after: $${name}) { ${connection} }`;
  });
  const names = Object.keys(variables);
  if (names.length === 0) return { query: `query Bench { ${fields.join(' ')} }` };
  return { query: `query Bench(${names.map((name) => `$${name}: String`).join(', ')}) { ${fields.join(' ')} }`, variables };
}
