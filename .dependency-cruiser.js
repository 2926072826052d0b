/**
 * The layers, as `npm run lint` checks them (dependency-cruiser). One direction of dependency:
 *   src/main.ts (the process) → src/gateway.ts (wiring) → src/http → src/graphql → src/domain
 *   → src/getty, src/auth (upstream: the Getty client, OAuth, tokens).
 * Skipping a layer downwards is allowed (the GraphQL context builds the upstream loaders); going
 * up is not. src/config, src/logging, src/tracing (the trace context and the Tracer seam) and
 * src/errors.ts are shared by every layer and import none.
 * src/observability (metrics, the OpenTelemetry tracer) is imported by the wiring only: the layers
 * report through observer interfaces of their own and trace through the Tracer seam.
 * The sandbox stands in for Getty over HTTP only: it imports nothing of the gateway, and only the
 * process entry starts it. web/ is browser code bundled on its own; tests and the bench may
 * import anything.
 */
const ENTRY = '^src/main\\.ts$';
const WIRING = '^src/gateway\\.ts$';
const SHARED = '^src/(config|logging|tracing)/|^src/errors\\.ts$';

/** `from` may import none of `above`. */
const notUpward = (name, from, above, comment) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: { path: above },
});

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Modules import each other in one direction only.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    notUpward('http-not-upward', '^src/http/', `${ENTRY}|${WIRING}`, 'HTTP is started by the wiring, never the reverse.'),
    notUpward('graphql-not-upward', '^src/graphql/', `^src/http/|${ENTRY}|${WIRING}`, 'GraphQL knows nothing of the HTTP server that mounts it.'),
    notUpward('domain-not-upward', '^src/domain/', `^src/(graphql|http)/|${ENTRY}|${WIRING}`, 'The domain knows nothing of GraphQL or HTTP.'),
    notUpward(
      'upstream-not-upward',
      '^src/(getty|auth)/',
      `^src/(domain|graphql|http)/|${ENTRY}|${WIRING}`,
      'The Getty client, OAuth and tokens know nothing of the layers that use them.',
    ),
    notUpward(
      'observability-from-wiring-only',
      '^src/(http|graphql|domain|getty|auth|config|logging|tracing)/|^src/errors\\.ts$',
      '^src/observability/',
      'Metrics and the OpenTelemetry tracer are wired in by src/gateway.ts; the layers report through observer interfaces and the Tracer seam, and never import prom-client or OpenTelemetry code.',
    ),
    notUpward(
      'shared-imports-no-layer',
      SHARED,
      `^src/(domain|graphql|http|getty|auth|sandbox)/|${ENTRY}|${WIRING}`,
      'Configuration, logging and error codes are used by every layer and depend on none.',
    ),
    {
      name: 'opentelemetry-in-observability-only',
      comment: 'Only src/observability uses the OpenTelemetry SDK, and the wiring imports it dynamically: without an endpoint none of it loads.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/observability/' },
      to: { path: '(^|/)node_modules/@opentelemetry/' },
    },
    {
      name: 'sandbox-standalone',
      comment: 'The sandbox only speaks HTTP to the gateway: it imports nothing of it.',
      severity: 'error',
      from: { path: '^src/sandbox/' },
      to: { path: '^src/', pathNot: '^src/sandbox/' },
    },
    {
      name: 'gateway-not-into-sandbox',
      comment: 'The gateway reaches the sandbox over HTTP; only the process entry starts it.',
      severity: 'error',
      from: { path: '^src/', pathNot: `^src/sandbox/|${ENTRY}` },
      to: { path: '^src/sandbox/' },
    },
    {
      name: 'domain-framework-free',
      comment: 'Paging and mapping are plain functions: no server, GraphQL or HTTP client library.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '(^|/)node_modules/(fastify|@fastify|@apollo|@as-integrations|got|graphql[^/]*)/' },
    },
    {
      name: 'upstream-server-free',
      comment: 'The upstream layer talks to Getty; the HTTP server and GraphQL are above it.',
      severity: 'error',
      from: { path: '^src/(getty|auth)/' },
      to: { path: '(^|/)node_modules/(fastify|@fastify|@apollo|@as-integrations|graphql[^/]*)/' },
    },
    {
      name: 'web-not-into-src',
      comment: 'The browser code is bundled on its own; it shares only the GraphQL schema (through codegen).',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^(src|test|bench)/' },
    },
    {
      name: 'src-not-into-tools',
      comment: 'The product does not depend on its tests, bench or scripts.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
    {
      name: 'src-not-to-dev-dep',
      comment: 'A production install (`npm ci --omit=dev`) has no devDependencies; types alone are fine.',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves to a file or an installed package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      comment: 'Every package imported is declared in package.json, not borrowed from another one.',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    // The layer fixtures break the rules on purpose; test/lint/layer-rules.test.ts cruises them.
    exclude: { path: '^test/fixtures/' },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
