/**
 * Every environment variable the gateway reads, defined once: name, default, accepted values and
 * meaning. readConfig (env.ts) reads each through its definition, and `npm run docs:config` renders
 * them as docs/configuration.md. A new variable is a row here and a read in readConfig.
 */
import type { DefinitionTable } from './env-readers.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const VARIABLES = {
  PORT: { kind: 'int', default: 4000, min: 0, max: 65535, meaning: 'HTTP port (0 = any free port)' },
  HOST: { kind: 'text', default: '127.0.0.1', meaning: 'interface to listen on (`0.0.0.0` in a container)' },
  ADMIN_HOST: {
    kind: 'text',
    default: '127.0.0.1',
    meaning: 'interface of the admin listener (`/metrics`, `/healthz` with details, `/readyz`); keep it off the public network',
  },
  ADMIN_PORT: {
    kind: 'int',
    default: 9464,
    min: -1,
    max: 65535,
    meaning: 'port of the admin listener (`0` = any free port, logged at start-up; `-1` = no admin listener, so no metrics)',
  },
  OTEL_EXPORTER_OTLP_ENDPOINT: {
    kind: 'text',
    shownDefault: 'unset = no export',
    meaning:
      'base URL of an OpenTelemetry collector (`http://otel-collector:4318`): spans go to its `/v1/traces` over OTLP/HTTP (JSON). Unset, no OpenTelemetry code is loaded; `traceparent` is still passed on to Getty',
  },
  OTEL_SERVICE_NAME: { kind: 'text', default: 'getty-downloads-gateway', meaning: 'the `service.name` traces are exported under' },
  NODE_ENV: {
    kind: 'oneOf',
    values: ['development', 'production', 'test'],
    default: 'development',
    shownDefault: '`development` (`production` when `GETTY_API_KEY` is set)',
    meaning:
      '`production` removes stack traces from error responses and turns `PLAYGROUND` and `GRAPHQL_INTROSPECTION` off by default; a deployment on real Getty gets it unless it says otherwise',
  },
  ALLOWED_HOSTS: {
    kind: 'hosts',
    shownDefault: '`HOST`, `localhost`, `127.0.0.1`, `[::1]` and the host of `PUBLIC_URL`',
    meaning:
      'host names (`api.example.com`, no scheme or port) the public port answers to; a request with any other `Host` header gets 421 `HOST_NOT_ALLOWED` before any work, which defeats DNS rebinding. The admin port accepts these, `localhost` and IP addresses',
  },
  GATEWAY_CLIENT_KEY_DIGESTS: {
    kind: 'digests',
    shownDefault: 'none',
    meaning:
      'comma-separated SHA-256 digests (hex) of the gateway client keys server-side clients send in `X-Gateway-Key` to use the service account ([security](security.md) shows how to make one)',
  },
  SERVICE_ACCOUNT_ANONYMOUS: {
    kind: 'bool',
    default: false,
    shownDefault: '`false` (`true` in sandbox mode)',
    meaning:
      'let requests with no credential at all (no bearer token, no session, no client key) act as the service account; only for a trusted network. With a service account, Getty mode needs this or `GATEWAY_CLIENT_KEY_DIGESTS`',
  },
  CLIENT_RATE_LIMIT: {
    kind: 'int',
    default: 600,
    min: 0,
    max: 1_000_000,
    meaning:
      'GraphQL requests per minute per client (a session, a client key, else an IP address); over it, 429 `RATE_LIMITED` with `Retry-After`. Counted on Redis with `REDIS_URL`. `0` = off',
  },
  REQUEST_TIMEOUT_MS: {
    kind: 'int',
    default: 30_000,
    min: 0,
    max: 600_000,
    meaning: 'how long a client may take to send a whole request (headers and body); then 408 and the socket is closed. `0` = no limit',
  },
  HEADERS_TIMEOUT_MS: {
    kind: 'int',
    default: 10_000,
    min: 1,
    max: 600_000,
    meaning: "how long a client may take to send a request's headers (slowloris); at most `REQUEST_TIMEOUT_MS` when that is set",
  },
  CONNECTION_TIMEOUT_MS: {
    kind: 'int',
    default: 60_000,
    min: 0,
    max: 3_600_000,
    meaning:
      'how long a socket may stay silent (nothing read or written) before it is closed; longer than the slowest answer (upstream timeouts and retries). `0` = no limit',
  },
  KEEP_ALIVE_TIMEOUT_MS: {
    kind: 'int',
    default: 72_000,
    min: 1,
    max: 3_600_000,
    meaning: "how long an idle keep-alive connection stays open between requests; behind a load balancer, longer than the balancer's idle timeout",
  },
  MAX_REQUESTS_PER_SOCKET: {
    kind: 'int',
    default: 0,
    min: 0,
    max: 1_000_000,
    shownDefault: '`0` (no limit)',
    meaning: 'requests one keep-alive connection may carry before the gateway closes it, so clients reconnect and a load balancer can spread them',
  },
  MAX_CONNECTIONS: {
    kind: 'int',
    default: 4_096,
    min: 1,
    max: 1_000_000,
    meaning: 'open connections the public port accepts at once; further ones are closed at once, so a flood costs sockets, not memory',
  },
  LOG_LEVEL: { kind: 'oneOf', values: LOG_LEVELS, default: 'info', meaning: 'the least severe level that is logged' },
  SHUTDOWN_TIMEOUT_MS: {
    kind: 'int',
    default: 10_000,
    min: 0,
    max: 600_000,
    meaning: 'how long in-flight requests may take after SIGTERM/SIGINT before the process exits 1',
  },
  PLAYGROUND: {
    kind: 'bool',
    default: true,
    productionDefault: false,
    meaning:
      "the browser pages: GraphiQL on `GET /graphql` (for `Accept: text/html`) and the downloads browser on `GET /`. Off: both answer 404/400 and Apollo's own landing page stays off too",
  },
  GRAPHQL_INTROSPECTION: {
    kind: 'bool',
    default: true,
    productionDefault: false,
    meaning: 'answer introspection queries; the playground needs it for its docs and autocompletion',
  },
  CORS_ORIGINS: {
    kind: 'origins',
    shownDefault: 'none',
    meaning:
      'origins (`https://app.example.com,http://localhost:5173`) that may call the API from a browser, with credentials. In sandbox mode any `localhost`/`127.0.0.1`/`[::1]` origin is allowed as well, without credentials',
  },
  GETTY_API_KEY: { kind: 'text', shownDefault: 'unset = sandbox', meaning: 'Getty API key, sent as `Api-Key` on every upstream call' },
  GETTY_API_SECRET: { kind: 'text', meaning: 'OAuth client secret; required with a service account' },
  GETTY_API_URL: { kind: 'httpUrl', default: 'https://api.gettyimages.com', meaning: 'Getty API base URL; `https` unless the host is loopback' },
  GETTY_AUTH_URL: {
    kind: 'httpUrl',
    default: 'https://authentication.gettyimages.com/oauth2/token',
    meaning: 'full token endpoint URL; `https` unless the host is loopback',
  },
  GETTY_AUTHORIZE_URL: {
    kind: 'httpUrl',
    shownDefault: "unset = browser sign-in off (sandbox: the sandbox's sign-in page)",
    meaning: "Getty's authorize page for browser sign-in (authorization code with PKCE, [sign-in](sign-in.md)); needs `GETTY_API_SECRET` and `PUBLIC_URL`",
  },
  GETTY_USERNAME: { kind: 'text', meaning: 'service account, password grant (with `GETTY_PASSWORD`)' },
  GETTY_PASSWORD: { kind: 'text', meaning: 'service account, password grant (with `GETTY_USERNAME`)' },
  GETTY_REFRESH_TOKEN: { kind: 'text', meaning: 'service account, refresh-token grant (instead of username/password)' },
  GETTY_DATE_PARAMS: {
    kind: 'oneOf',
    values: ['start_end', 'from_to'],
    default: 'start_end',
    meaning:
      "`start_end` sends the seed contract's `start_date`/`end_date`; `from_to` sends Getty's current `date_from`/`date_to` (Getty rejects unknown parameters, so exactly one style is sent)",
  },
  UPSTREAM_TIMEOUT_MS: { kind: 'int', default: 10_000, min: 1, max: 600_000, meaning: 'timeout of each upstream attempt' },
  UPSTREAM_MAX_BODY_BYTES: {
    kind: 'int',
    default: 2 * 1024 * 1024,
    min: 1024,
    max: 100 * 1024 * 1024,
    meaning: 'largest Getty answer the gateway reads, by `Content-Length` and while it streams; a larger one is cut off and fails with `UPSTREAM_BAD_RESPONSE`',
  },
  UPSTREAM_RETRIES: {
    kind: 'int',
    default: 2,
    min: 0,
    max: 10,
    meaning: 'retries after the first attempt, for network errors, timeouts, 429 and 5xx; never for other 4xx',
  },
  UPSTREAM_RETRY_BASE_MS: { kind: 'int', default: 250, min: 0, max: 60_000, meaning: 'first backoff; doubles per retry, with jitter (half fixed, half random)' },
  UPSTREAM_RETRY_MAX_DELAY_MS: {
    kind: 'int',
    default: 5_000,
    min: 0,
    max: 600_000,
    meaning: 'cap on one backoff; a `Retry-After` longer than this is not waited for',
  },
  GETTY_MAX_QPS: {
    kind: 'int',
    default: 5,
    min: 0,
    max: 100_000,
    meaning:
      "the Getty API key's budget, in calls per second: Getty throttles per key, so every call made with it counts (every customer's, the service account's, each retry, token grants and refreshes, the health probe); `0` turns shaping off",
  },
  UPSTREAM_QUEUE_MS: {
    kind: 'int',
    default: 1_000,
    min: 0,
    max: 600_000,
    meaning:
      "the longest a call may wait for its turn in the key's budget; a call whose expected wait (its place in the round-robin, at the budget's pace) is longer fails at once with `UPSTREAM_RATE_LIMITED` and `extensions.retryAfterSeconds`",
  },
  BREAKER_ERROR_PERCENT: {
    kind: 'int',
    default: 50,
    min: 1,
    max: 100,
    meaning: 'share of failed Getty calls (5xx, network errors, timeouts, bad bodies) in the window that opens the circuit breaker',
  },
  BREAKER_MIN_CALLS: { kind: 'int', default: 10, min: 1, max: 100_000, meaning: 'calls in the window before that share counts' },
  BREAKER_WINDOW_MS: { kind: 'int', default: 10_000, min: 100, max: 600_000, meaning: 'the rolling window the breaker counts in' },
  BREAKER_COOLDOWN_MS: {
    kind: 'int',
    default: 10_000,
    min: 10,
    max: 600_000,
    meaning: 'how long the breaker stays open before one probe call may close it',
  },
  UPSTREAM_CACHE_TTL_MS: {
    kind: 'int',
    default: 0,
    min: 0,
    max: 86_400_000,
    shownDefault: '`0` (off)',
    meaning: 'how long an upstream page may answer identical requests of the same credential',
  },
  UPSTREAM_CACHE_MAX_ENTRIES: {
    kind: 'int',
    default: 500,
    min: 1,
    max: 1_000_000,
    meaning: 'bound of that cache (LRU); a page is at most ~100 records',
  },
  UPSTREAM_STALE_IF_ERROR_MS: {
    kind: 'int',
    default: 0,
    min: 0,
    max: 86_400_000,
    shownDefault: '`0` (off)',
    meaning: 'how long past its TTL a cached page may answer while Getty fails, marked `extensions.stale: true`',
  },
  REDIS_URL: {
    kind: 'redisUrl',
    shownDefault: 'unset = in-process',
    meaning:
      '`redis://[user:password@]host:port[/db]`, or `rediss://` for TLS: N instances share the Getty budget, service-account tokens, the response cache and persisted queries ([scaling](scaling.md)). The password never appears in logs or errors',
  },
  REDIS_KEY_PREFIX: { kind: 'text', default: 'getty-gw:', meaning: 'prepended to every Redis key, so several deployments can share one Redis' },
  REDIS_ASSUMED_INSTANCES: {
    kind: 'int',
    default: 1,
    min: 1,
    max: 10_000,
    meaning: "instances assumed alive, for each one's share of `GETTY_MAX_QPS`, while Redis has not answered since start-up (afterwards the heartbeat counts them)",
  },
  BODY_LIMIT_BYTES: { kind: 'int', default: 100 * 1024, min: 1024, max: 100 * 1024 * 1024, meaning: 'largest request body; larger ones get 413' },
  GRAPHQL_BATCH_MAX: {
    kind: 'int',
    default: 0,
    min: 0,
    max: 100,
    shownDefault: '`0` (off)',
    meaning: 'operations per batched (JSON array) request; batching is off unless set',
  },
  GRAPHQL_MAX_DEPTH: { kind: 'int', default: 8, min: 1, max: 100, meaning: 'deepest selection (introspection exempt)' },
  GRAPHQL_MAX_ALIASES: { kind: 'int', default: 10, min: 1, max: 1_000, meaning: 'aliases per operation' },
  GRAPHQL_MAX_DIRECTIVES: { kind: 'int', default: 20, min: 0, max: 1_000, meaning: 'directives per operation' },
  GRAPHQL_MAX_TOKENS: { kind: 'int', default: 2_000, min: 10, max: 100_000, meaning: 'lexical tokens per document (graphql-js parser limit)' },
  GRAPHQL_MAX_COST: {
    kind: 'int',
    default: 20_000,
    min: 1,
    max: 10_000_000,
    meaning: "estimated cost per operation: one per field, a connection's selection times its `first`/`last` (30 without)",
  },
  PUBLIC_URL: {
    kind: 'httpUrl',
    shownDefault: 'unset = the address the request came to (sandbox mode only)',
    meaning:
      'the origin browsers reach the gateway at (`https://downloads.example.com`); sign-in sends Getty `${PUBLIC_URL}/auth/callback` as its redirect URI, and with `https:` the session cookie is `__Host-gateway-session` (Secure)',
  },
  SESSION_IDLE_MINUTES: {
    kind: 'int',
    default: 60,
    min: 1,
    max: 10_080,
    meaning: 'a browser session ends after this long without a request (limits what a forgotten, signed-in browser exposes)',
  },
  SESSION_MAX_HOURS: {
    kind: 'int',
    default: 12,
    min: 1,
    max: 720,
    meaning: 'a browser session ends this long after sign-in whatever its use (limits what a stolen session cookie is worth)',
  },
  SESSION_MAX_ENTRIES: {
    kind: 'int',
    default: 10_000,
    min: 10,
    max: 10_000_000,
    meaning: 'sessions kept in process without `REDIS_URL` (least recently used go first): a bound on memory',
  },
  SANDBOX_PORT: { kind: 'int', default: 0, min: 0, max: 65535, meaning: "the embedded sandbox's port (0 = any free port); sandbox mode only" },
} as const satisfies DefinitionTable;
