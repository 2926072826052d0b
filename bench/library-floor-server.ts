/**
 * The floor of a request answered from memory: bare fastify and Apollo Server, the gateway's
 * schema and compiled execution (graphql-jit through Apollo's gateway interface, as the
 * gateway runs it), and a `downloads` resolver that returns one connection of 20 downloads
 * built once at start-up from a real Getty page. No hooks, plugins, context, token or cache
 * lookup of the gateway's: what a cache hit could cost if the gateway added nothing.
 * Reads the Getty page as one JSON line on stdin, then prints `{"url": ...}` when it listens.
 * Runs from dist/bench/, next to the built gateway.
 */
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import fastifyApollo from '@as-integrations/fastify';
import { makeExecutableSchema } from '@graphql-tools/schema';
import Fastify from 'fastify';
import { createInterface } from 'node:readline';
import type { LibraryFloorCounters, LibraryFloorReady } from './library-floor-protocol.js';

const gateway = (file: string) => new URL(`../${file}`, import.meta.url).href;
const { loadTypeDefs } = (await import(gateway('graphql/schema.js'))) as typeof import('../src/graphql/schema.js');
const { scalarResolvers } = (await import(gateway('graphql/scalars.js'))) as typeof import('../src/graphql/scalars.js');
const { compiledExecutionGateway } = (await import(gateway('graphql/compiled-execution.js'))) as typeof import('../src/graphql/compiled-execution.js');
const { parseDownloadsPage } = (await import(gateway('getty/records.js'))) as typeof import('../src/getty/records.js');
const { downloadsConnection, prepareDownloads } = (await import(
  gateway('domain/downloads/downloads-connection.js')
)) as typeof import('../src/domain/downloads/downloads-connection.js');

const lines = createInterface({ input: process.stdin });
const firstLine = await new Promise<string>((resolve) => lines.once('line', resolve));
const page = parseDownloadsPage(JSON.parse(firstLine));
const request = prepareDownloads({
  first: page.downloads.length,
  last: undefined,
  after: undefined,
  before: undefined,
  from: undefined,
  to: undefined,
  productType: undefined,
  companyDownloads: false,
});
const connection = await downloadsConnection(
  request,
  new Date().toISOString().slice(0, 10),
  async () => page,
  () => {},
);

const schema = makeExecutableSchema({
  typeDefs: loadTypeDefs(),
  resolvers: [{ Query: { downloads: () => connection } }, scalarResolvers],
});
const apollo = new ApolloServer({
  gateway: compiledExecutionGateway(schema),
  plugins: [
    ApolloServerPluginCacheControlDisabled(),
    ApolloServerPluginUsageReportingDisabled(),
    ApolloServerPluginSchemaReportingDisabled(),
    ApolloServerPluginInlineTraceDisabled(),
  ],
});
await apollo.start();
const app = Fastify();
const counters: LibraryFloorCounters = { graphqlRequests: 0 };
app.addHook('onResponse', async (incoming) => {
  if (incoming.routeOptions.url === '/graphql') counters.graphqlRequests += 1;
});
await app.register(fastifyApollo(apollo));
app.get('/counters', async () => counters);
const url = await app.listen({ host: '127.0.0.1', port: 0 });
const ready: LibraryFloorReady = { url };
process.stdout.write(`${JSON.stringify(ready)}\n`);
// Stops when the bench closes stdin.
lines.on('close', () => {
  void app.close().then(() => apollo.stop());
});
