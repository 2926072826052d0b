/**
 * The floors of a request with nothing of the gateway's own: bare fastify and Apollo Server,
 * the gateway's schema and compiled execution (graphql-jit through Apollo's gateway interface,
 * as the gateway runs it), and a `downloads` resolver that maps pages as the gateway does. The
 * page comes from memory (built once at start-up from a real Getty body: what a cache hit could
 * cost if the gateway added nothing), or from one Getty call per request through the gateway's
 * own got client and Getty client (parse and validation included), with the caller's bearer
 * token: what a request that calls Getty could cost with these libraries and no hooks, plugins,
 * context, loaders, breaker or cache of the gateway's. Identical calls in flight with the same
 * token are made once, as the gateway coalesces them, so requests that join a call show what
 * waiting for one costs with nothing of the gateway's. With shared answers, requests wait at
 * Apollo's seam for the answer one of them builds (or, from memory, get the one it built), as
 * the gateway's rendered answers do, with nothing else of the gateway's around them.
 * Reads its LibraryFloorSetup as one JSON line on stdin, then prints `{"url": ...}` when it
 * listens. Runs from dist/bench/, next to the built gateway.
 */
import { ApolloServer } from '@apollo/server';
import type { ApolloServerOptions, ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import fastifyApollo from '@as-integrations/fastify';
import { makeExecutableSchema } from '@graphql-tools/schema';
import Fastify from 'fastify';
import type { FastifyRequest } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import { createInterface } from 'node:readline';
import type { LibraryFloorCounters, LibraryFloorReady, LibraryFloorSetup } from './library-floor-protocol.js';
import { sharedAnswers } from './shared-answers.js';
import type { CallerContext } from './shared-answers.js';

const gateway = (file: string) => new URL(`../${file}`, import.meta.url).href;
const { loadTypeDefs } = (await import(gateway('graphql/schema.js'))) as typeof import('../src/graphql/schema.js');
const { scalarResolvers } = (await import(gateway('graphql/scalars.js'))) as typeof import('../src/graphql/scalars.js');
const { compiledExecutionGateway } = (await import(gateway('graphql/compiled-execution.js'))) as typeof import('../src/graphql/compiled-execution.js');
const { parseDownloadsPage } = (await import(gateway('getty/records.js'))) as typeof import('../src/getty/records.js');
const { readConfig } = (await import(gateway('config/env.js'))) as typeof import('../src/config/env.js');
const { createUpstreamHttp } = (await import(gateway('getty/http.js'))) as typeof import('../src/getty/http.js');
const { GettyClient } = (await import(gateway('getty/client.js'))) as typeof import('../src/getty/client.js');
const { downloadsConnection, prepareDownloads } = (await import(
  gateway('domain/downloads/downloads-connection.js')
)) as typeof import('../src/domain/downloads/downloads-connection.js');
type PageLoader = import('../src/domain/downloads/downloads-connection.js').PageLoader;
type DownloadsPage = import('../src/getty/records.js').DownloadsPage;

/** (b)'s arguments: the first page of 20, every filter at its default. */
const FIRST_PAGE = { last: undefined, after: undefined, before: undefined, from: undefined, to: undefined, productType: undefined, companyDownloads: false };

const lines = createInterface({ input: process.stdin });
const setup = floorSetup(JSON.parse(await new Promise<string>((resolve) => lines.once('line', resolve))));

const typeDefs = loadTypeDefs();
const disabled: ApolloServerPlugin<CallerContext>[] = [
  ApolloServerPluginCacheControlDisabled(),
  ApolloServerPluginUsageReportingDisabled(),
  ApolloServerPluginSchemaReportingDisabled(),
  ApolloServerPluginInlineTraceDisabled(),
];
const answers = setup.answers === 'shared' ? sharedAnswers(setup.source === 'memory') : undefined;
const apolloOptions = (schema: GraphQLSchema): ApolloServerOptions<CallerContext> => ({
  gateway: compiledExecutionGateway(schema),
  plugins: answers === undefined ? disabled : [...disabled, answers.plugin],
  ...(answers === undefined ? {} : { stringifyResult: answers.stringify }),
});
const callerContext = {
  context: async (request: FastifyRequest): Promise<CallerContext> => ({ accessToken: (request.headers.authorization ?? '').replace(/^Bearer /, '') }),
};
const today = () => new Date().toISOString().slice(0, 10);
const app = Fastify();
const counters: LibraryFloorCounters = { graphqlRequests: 0 };
app.addHook('onResponse', async (incoming) => {
  if (incoming.routeOptions.url === '/graphql') counters.graphqlRequests += 1;
});
let close: () => Promise<void>;

if (setup.source === 'memory') {
  const page = parseDownloadsPage(setup.page);
  const connection = await downloadsConnection(
    prepareDownloads({ ...FIRST_PAGE, first: page.downloads.length }),
    today(),
    async () => page,
    () => {},
  );
  const schema = makeExecutableSchema({ typeDefs, resolvers: [{ Query: { downloads: () => connection } }, scalarResolvers] });
  const apollo = new ApolloServer<CallerContext>(apolloOptions(schema));
  await apollo.start();
  await app.register(fastifyApollo(apollo), callerContext);
  close = () => apollo.stop();
} else {
  // The gateway's upstream settings, as its defaults give them.
  const config = readConfig({ NODE_ENV: 'production', GETTY_API_KEY: setup.apiKey, GETTY_API_URL: setup.apiUrl, SERVICE_ACCOUNT_ANONYMOUS: 'true' });
  const upstream = createUpstreamHttp(setup.apiKey, config.upstream, () => {});
  const client = new GettyClient(upstream.got, setup.apiUrl, config.dateParams, false);
  const inFlight = new Map<string, Promise<DownloadsPage>>();
  const pageFor =
    (context: CallerContext): PageLoader =>
    (query) => {
      const search = client.search(query);
      const key = `${context.accessToken}\n${search}`;
      const joined = inFlight.get(key);
      if (joined !== undefined) return joined;
      const call = client.downloads(search, { accessToken: context.accessToken, acceptLanguage: undefined }, 'floor');
      inFlight.set(key, call);
      const settled = () => inFlight.delete(key);
      call.then(settled, settled);
      return call;
    };
  const schema = makeExecutableSchema({
    typeDefs,
    resolvers: [
      {
        Query: {
          downloads: (_root: unknown, args: { first?: number | null }, context: CallerContext) =>
            downloadsConnection(prepareDownloads({ ...FIRST_PAGE, first: args.first }), today(), pageFor(context), () => {}),
        },
      },
      scalarResolvers,
    ],
  });
  const apollo = new ApolloServer<CallerContext>(apolloOptions(schema));
  await apollo.start();
  await app.register(fastifyApollo(apollo), callerContext);
  close = async () => {
    await apollo.stop();
    upstream.close();
  };
}
app.get('/counters', async () => counters);
const url = await app.listen({ host: '127.0.0.1', port: 0 });
const ready: LibraryFloorReady = { url };
process.stdout.write(`${JSON.stringify(ready)}\n`);
// Stops when the bench closes stdin.
lines.on('close', () => {
  void app.close().then(close);
});

function floorSetup(value: unknown): LibraryFloorSetup {
  if (typeof value === 'object' && value !== null && 'source' in value && 'answers' in value && (value.answers === 'executed' || value.answers === 'shared')) {
    const { answers } = value;
    if (value.source === 'memory' && 'page' in value) return { source: 'memory', page: value.page, answers };
    if (value.source === 'getty' && 'apiUrl' in value && typeof value.apiUrl === 'string' && 'apiKey' in value && typeof value.apiKey === 'string') {
      return { source: 'getty', apiUrl: value.apiUrl, apiKey: value.apiKey, answers };
    }
  }
  throw new Error(
    'the library floor expects {"source":"memory","page":...} or {"source":"getty","apiUrl":...,"apiKey":...}, each with "answers":"executed"|"shared", on its first line',
  );
}
