import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { buildSchema, isEnumType, isInputObjectType, isObjectType, isScalarType, parse, print, printSchema, lexicographicSortSchema, visit } from 'graphql';
import type { GraphQLField, GraphQLInputField, GraphQLSchema } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { resolvers } from '../../src/graphql/resolvers/index.js';
import { scalarResolvers } from '../../src/graphql/scalars.js';
import { loadTypeDefs } from '../../src/graphql/schema.js';

/** The public contract from the gateway issue: these names and types are API. */
const CONTRACT = `
type Query {
  downloads(first: Int, after: String, last: Int, before: String,
            dateRange: DateRangeInput, productType: ProductType,
            companyDownloads: Boolean = false): DownloadConnection
}
input DateRangeInput { from: Date  to: Date }
type DownloadConnection { edges: [DownloadEdge!]!  nodes: [Download!]!  pageInfo: PageInfo!  totalCount: Int! }
type DownloadEdge { cursor: String!  node: Download! }
type PageInfo { hasNextPage: Boolean!  hasPreviousPage: Boolean!  startCursor: String  endCursor: String }
type Download {
  id: ID!
  assetId: ID!
  assetType: AssetType
  downloadedAt: DateTime!
  productType: ProductType
  productId: Int
  agreementName: String
  thumbnailUrl: URL
  sizeName: String
  dimensions: Dimensions
  licenseModel: String
  downloadSource: String
  generatedAssetId: ID
  notes: String
  projectCode: String
  downloadedBy: DownloadUser
}
type Dimensions { width: Int  height: Int  dpi: Int }
type DownloadUser { username: String  firstName: String  middleName: String  lastName: String  displayName: String }
enum AssetType { IMAGE VIDEO }
enum ProductType { EASY_ACCESS EDITORIAL_SUBSCRIPTION IMAGE_PACK PREMIUM_ACCESS ROYALTY_FREE_SUBSCRIPTION CREDIT_PACK AI_GENERATION }
scalar Date
scalar DateTime
scalar URL
`;

function withoutDescriptions(schema: GraphQLSchema): string {
  const ast = parse(printSchema(lexicographicSortSchema(schema)));
  return print(visit(ast, { enter: (node) => ('description' in node && node.description ? { ...node, description: undefined } : undefined) }));
}

const schema = makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers: [resolvers, scalarResolvers] });

describe('the schema', () => {
  it('matches the public contract exactly', () => {
    expect(withoutDescriptions(schema)).toBe(withoutDescriptions(buildSchema(CONTRACT)));
  });

  it('describes every type, field, argument, input field and enum value', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Boolean', 'ID', 'Float'].includes(type.name)) continue;
      if (!type.description?.trim()) missing.push(type.name);
      if (isObjectType(type) || isInputObjectType(type)) {
        for (const field of Object.values<GraphQLField<unknown, unknown> | GraphQLInputField>(type.getFields())) {
          if (!field.description?.trim()) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description?.trim()) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) if (!value.description?.trim()) missing.push(`${type.name}.${value.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('tells frontend developers the default window, the page-size limit and what cursors are bound to', () => {
    const downloads = schema.getQueryType()!.getFields().downloads!;
    expect(downloads.description).toMatch(/last 30 days/);
    expect(downloads.description).toMatch(/0 to 100/);
    expect(downloads.description).toMatch(/bound to the filter arguments/);
    expect(downloads.args.find((arg) => arg.name === 'first')?.description).toMatch(/Defaults to 30/);
  });

  it('keeps its own scalar descriptions while parsing with graphql-scalars', () => {
    const dateTime = schema.getType('DateTime');
    expect(isScalarType(dateTime) && dateTime.description).toMatch(/millisecond precision/);
    const serialized = isScalarType(dateTime) ? dateTime.serialize(new Date('2026-05-01T10:21:07.123Z')) : undefined;
    expect(JSON.stringify(serialized)).toBe('"2026-05-01T10:21:07.123Z"');
    const date = schema.getType('Date');
    expect(() => isScalarType(date) && date.parseValue('2026-02-30')).toThrow();
  });
});

/**
 * Codegen runs in a child process: its plugins load ES modules in ways Jest's module
 * sandbox does not support. It generates in memory and prints what it would write.
 */
const GENERATE_IN_MEMORY = `
  import { generate, loadCodegenConfig } from '@graphql-codegen/cli';
  const { config } = await loadCodegenConfig({ configFilePath: 'codegen.yml' });
  const outputs = await generate({ ...config, silent: true }, false);
  process.stdout.write(JSON.stringify(outputs.map(({ filename, content }) => ({ filename, content }))));
`;

describe('codegen', () => {
  it('the committed resolver types and client documents are what codegen makes from schema/ now', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', GENERATE_IN_MEMORY], {
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    const outputs = JSON.parse(stdout) as Array<{ filename: string; content: string }>;
    expect(outputs.map((output) => output.filename).sort()).toEqual([
      'src/graphql/generated/resolvers-types.ts',
      'web/downloads/generated/gql.ts',
      'web/downloads/generated/graphql.ts',
      'web/downloads/generated/index.ts',
    ]);
    for (const output of outputs) {
      if (readFileSync(output.filename, 'utf8') !== output.content) {
        throw new Error(`${output.filename} is stale: run \`npm run codegen\` and commit the result`);
      }
    }
  }, 60_000);
});
