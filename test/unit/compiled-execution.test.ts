import { describe, expect, it } from '@jest/globals';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { execute, GraphQLError, parse } from 'graphql';
import type { ExecutionResult } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { CompiledOperations } from '../../src/graphql/compiled-execution.js';
import type { Compile } from '../../src/graphql/compiled-execution.js';

class RefusedName extends Error {
  readonly extensions = { code: 'REFUSED' };
}

const schema = makeExecutableSchema({
  typeDefs: `
    type Item { id: ID!, label(upper: Boolean = false): String, parent: Item }
    type Query { items(count: Int!): [Item!]!, greeting(name: String!): String! }
  `,
  resolvers: {
    Query: {
      items: (_root: unknown, { count }: { count: number }) => Array.from({ length: count }, (_, index) => ({ id: `i${index}`, name: `item ${index}` })),
      greeting: async (_root: unknown, { name }: { name: string }, context: { punctuation: string }) => {
        if (name === '') throw new RefusedName('a name is required');
        return `hello ${name}${context.punctuation}`;
      },
    },
    Item: {
      label: (item: { name: string }, { upper }: { upper: boolean }) => (upper ? item.name.toUpperCase() : item.name),
      parent: (item: { id: string }) => (item.id === 'i0' ? null : { id: 'i0', name: 'item 0' }),
    },
  },
});

const QUERY = parse(`
  query Items($count: Int!, $upper: Boolean!) {
    items(count: $count) { id label(upper: $upper) plain: label parent { id } }
  }
  query Greeting($name: String!) { greeting(name: $name) }
`);

/** graphql-jit's compiler, counting its compilations and the runs of the functions it made. */
function countingCompile(): { compile: Compile; calls: () => number; compiledRuns: () => number } {
  let calls = 0;
  let compiledRuns = 0;
  const compile: Compile = (...args) => {
    calls += 1;
    const compiled = compileQuery(...args);
    if (!isCompiledQuery(compiled)) return compiled;
    const query: typeof compiled.query = (root, context, variables) => {
      compiledRuns += 1;
      return compiled.query(root, context, variables);
    };
    return { ...compiled, query };
  };
  return { compile, calls: () => calls, compiledRuns: () => compiledRuns };
}

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('CompiledOperations', () => {
  it('answers exactly what graphql-js answers, for each operation of a document', async () => {
    const counting = countingCompile();
    const tiers: string[] = [];
    const operations = new CompiledOperations(schema, counting.compile, (tier) => tiers.push(tier));
    const context = { punctuation: '!' };
    const cases = [
      { operationName: 'Items', variables: { count: 3, upper: true } },
      { operationName: 'Greeting', variables: { name: 'ada' } },
    ];
    for (const { operationName, variables } of cases) {
      const first = await operations.run(QUERY, operationName, context, variables);
      const runsBefore = counting.compiledRuns();
      const compiled = await operations.run(QUERY, operationName, context, variables);
      expect(counting.compiledRuns()).toBe(runsBefore + 1);
      expect(plain(compiled)).toEqual(plain(first));
      const interpreted = await execute({ schema, document: QUERY, operationName, contextValue: context, variableValues: variables });
      expect(plain(compiled)).toEqual(plain(interpreted));
      expect(compiled.errors).toBeUndefined();
    }
    expect(counting.calls()).toBe(2);
    expect(tiers).toEqual(['interpreted', 'compiled', 'interpreted', 'compiled']);
    const items = await operations.run(QUERY, 'Items', context, { count: 2, upper: true });
    expect(counting.compiledRuns()).toBe(3);
    expect(items.data).toEqual({
      items: [
        { id: 'i0', label: 'ITEM 0', plain: 'item 0', parent: null },
        { id: 'i1', label: 'ITEM 1', plain: 'item 1', parent: { id: 'i0' } },
      ],
    });
  });

  it('compiles an operation on its second run, once, then reuses the compiled function', async () => {
    const counting = countingCompile();
    const operations = new CompiledOperations(schema, counting.compile);
    for (let round = 0; round < 5; round += 1) {
      const items = await operations.run(QUERY, 'Items', {}, { count: round, upper: false });
      const greeting = await operations.run(QUERY, 'Greeting', { punctuation: '.' }, { name: `n${round}` });
      expect(counting.calls()).toBe(round === 0 ? 0 : 2);
      expect(counting.compiledRuns()).toBe(2 * round);
      expect(items.data?.items).toHaveLength(round);
      expect(greeting.data).toEqual({ greeting: `hello n${round}.` });
    }
  });

  it('leaves a document that runs only once to graphql-js: a query text that never returns costs no compilation', async () => {
    const counting = countingCompile();
    const operations = new CompiledOperations(schema, counting.compile);
    for (let count = 1; count <= 20; count += 1) {
      const once = await operations.run(parse(`{ items(count: ${count}) { id } }`), null, {}, {});
      expect(once.data?.items).toHaveLength(count);
    }
    expect(counting.calls()).toBe(0);
    const again = parse('{ items(count: 2) { id } }');
    await operations.run(again, null, {}, {});
    expect(counting.compiledRuns()).toBe(0);
    const compiled = await operations.run(again, null, {}, {});
    expect(counting.calls()).toBe(1);
    expect(counting.compiledRuns()).toBe(1);
    expect(compiled.data).toEqual({ items: [{ id: 'i0' }, { id: 'i1' }] });
  });

  it('answers variables that do not coerce with graphql-js errors, which carry the nodes Apollo needs for a 400', async () => {
    const counting = countingCompile();
    const operations = new CompiledOperations(schema, counting.compile);
    await operations.run(QUERY, 'Items', {}, { count: 1, upper: false });
    const result: ExecutionResult = await operations.run(QUERY, 'Items', {}, { count: 'three', upper: false });
    expect(counting.calls()).toBe(1);
    expect(counting.compiledRuns()).toBe(1);
    expect(result.data).toBeUndefined();
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]?.message).toMatch(/^Variable "\$count" got invalid value "three"/);
    expect(result.errors?.[0]?.nodes?.[0]?.kind).toBe('VariableDefinition');
  });

  it('answers resolver errors as graphql-js errors that plugins may rewrite, with path, locations and the original error', async () => {
    const counting = countingCompile();
    const operations = new CompiledOperations(schema, counting.compile);
    await operations.run(QUERY, 'Greeting', { punctuation: '!' }, { name: 'ada' });
    const result = await operations.run(QUERY, 'Greeting', { punctuation: '!' }, { name: '' });
    expect(counting.calls()).toBe(1);
    expect(counting.compiledRuns()).toBe(1);
    const interpreted = await execute({ schema, document: QUERY, operationName: 'Greeting', contextValue: {}, variableValues: { name: '' } });
    expect(plain(result)).toEqual(plain(interpreted));
    const error = result.errors?.[0];
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error?.originalError).toBeInstanceOf(RefusedName);
    expect(error?.path).toEqual(['greeting']);
    expect(error?.locations).toEqual([{ line: 5, column: 36 }]);
    expect(error?.extensions).toEqual({ code: 'REFUSED' });
    // Armor's suggestion masking assigns to `message` in didEncounterErrors.
    if (error !== undefined) error.message = 'masked';
    expect(error?.message).toBe('masked');
  });

  it('falls back to graphql-js for an operation graphql-jit cannot compile', async () => {
    let attempts = 0;
    const tiers: string[] = [];
    const operations = new CompiledOperations(
      schema,
      () => {
        attempts += 1;
        return { errors: [] };
      },
      (tier) => tiers.push(tier),
    );
    for (let round = 0; round < 3; round += 1) {
      const result = await operations.run(QUERY, 'Greeting', { punctuation: '?' }, { name: 'bob' });
      expect(result).toEqual({ data: { greeting: 'hello bob?' } });
    }
    expect(attempts).toBe(1);
    expect(tiers).toEqual(['interpreted', 'interpreted', 'interpreted']);
  });
});
