import { ApolloServer } from '@apollo/server';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { ApolloServerPlugin } from '@apollo/server';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type { GatewayContext } from './context.js';
import type { RequestLimits } from '../config/env.js';
import { errorLoggingPlugin } from './error-logging-plugin.js';
import { armorProtection } from './limits/armor.js';
import { costLimitPlugin } from './limits/cost-plugin.js';
import { staleMarkerPlugin } from './stale-marker-plugin.js';
import { requestMetricsPlugin } from './request-metrics-plugin.js';
import { tracingPlugin } from './tracing-plugin.js';
import type { RequestObserver } from './request-observer.js';
import { compiledExecutionGateway } from './compiled-execution.js';
import type { ExecutionObserver } from './compiled-execution.js';
import { createErrorFormatter } from './format-error.js';
import { responseStatusPlugin } from './response-status-plugin.js';
import type { RenderedAnswers } from './rendered-answers.js';
import { renderedAnswersPlugin } from './rendered-answers-plugin.js';
import { resolvers } from './resolvers/index.js';
import { scalarResolvers } from './scalars.js';
import { loadTypeDefs } from './schema.js';

export interface ApolloOptions {
  production: boolean;
  /** Off in production by default: clients should not need the schema at run time. */
  introspection: boolean;
  limits: RequestLimits;
  /** Only when stale pages can be served is a plugin needed to say so. */
  markStale: boolean;
  /** Where automatic persisted queries live; `undefined` keeps Apollo's in-process cache. */
  persistedQueries: KeyValueCache<string> | undefined;
  /** Plugins from the HTTP layer, such as the playground's landing page. */
  plugins: ApolloServerPlugin<GatewayContext>[];
  /** Hears every operation's outcome (metrics); absent, no plugin runs for it. */
  requestObserver?: RequestObserver;
  /** Whether spans are exported: only then does a plugin name each request's span after its operation. */
  tracing?: boolean;
  /** Told which executor answered each operation; tests use it to see compiled code run. */
  onExecution?: ExecutionObserver;
  /** Where answers built from pages are remembered and shared; absent, every operation is executed. */
  renderedAnswers?: RenderedAnswers | undefined;
}

/** Apollo Server with the schema, resolvers and error policy; the HTTP layer mounts it. */
export function createApollo(options: ApolloOptions): ApolloServer<GatewayContext> {
  const armor = armorProtection(options.limits, options.production);
  return new ApolloServer<GatewayContext>({
    gateway: compiledExecutionGateway(makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers: [resolvers, scalarResolvers] }), options.onExecution),
    introspection: options.introspection,
    includeStacktraceInErrorResponses: !options.production,
    formatError: createErrorFormatter(options.production),
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: options.limits.maxTokens },
    allowBatchedHttpRequests: options.limits.batchMax > 0,
    // Stated, not inherited: the browser rules in docs/api.md depend on both. Without a shared
    // cache, persisted queries live in Apollo's in-process one.
    csrfPrevention: true,
    persistedQueries: options.persistedQueries === undefined ? {} : { cache: options.persistedQueries },
    ...(options.renderedAnswers === undefined ? {} : { stringifyResult: options.renderedAnswers.stringify }),
    plugins: [
      // Cache control would wrap every field resolver (a fifth of a request's CPU, measured)
      // for hints nothing reads; reporting would send operations to Apollo if APOLLO_KEY were set.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      errorLoggingPlugin(),
      responseStatusPlugin<GatewayContext>(),
      ...(armor.plugins as ApolloServerPlugin<GatewayContext>[]),
      costLimitPlugin<GatewayContext>(options.limits.maxCost),
      ...(options.markStale ? [staleMarkerPlugin()] : []),
      ...(options.requestObserver === undefined ? [] : [requestMetricsPlugin(options.requestObserver)]),
      ...(options.tracing === true ? [tracingPlugin()] : []),
      ...options.plugins,
      // Last, so it remembers an answer as every other plugin left it.
      ...(options.renderedAnswers === undefined ? [] : [renderedAnswersPlugin(options.renderedAnswers)]),
    ],
  });
}
