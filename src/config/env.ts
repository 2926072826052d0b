import { EnvReader } from './env-readers.js';
import { LOG_LEVELS, VARIABLES as V } from './variables.js';

export type DateParamStyle = (typeof V.GETTY_DATE_PARAMS.values)[number];
export type RuntimeEnv = (typeof V.NODE_ENV.values)[number];
export { LOG_LEVELS };
export type LogLevel = (typeof LOG_LEVELS)[number];

/** How the gateway obtains a Getty token when a request brings none. */
export type ServiceAccount = { grant: 'password'; username: string; password: string } | { grant: 'refresh_token'; refreshToken: string };

export interface UpstreamPolicy {
  timeoutMs: number;
  /** Largest answer body read from Getty, by Content-Length and while streaming. */
  maxBodyBytes: number;
  retries: number;
  retryBaseMs: number;
  retryMaxDelayMs: number;
}

/** How the gateway protects Getty, and itself from Getty. */
export interface UpstreamProtection {
  /** Calls per second for the whole Getty API key, every call and retry included; 0 turns shaping off. */
  maxQps: number;
  queueMs: number;
  breaker: { errorPercent: number; minimumCalls: number; windowMs: number; coolDownMs: number };
  cache: { ttlMs: number; maxEntries: number; staleIfErrorMs: number };
}

/** Limits on what one HTTP request may ask of the gateway. */
export interface RequestLimits {
  bodyBytes: number;
  /** Operations per batched HTTP request; 0 = batching off. */
  batchMax: number;
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
}

/** Connection settings for real Getty; absent in sandbox mode, which makes its own. */
export interface GettySettings {
  apiUrl: string;
  authUrl: string;
  apiKey: string;
  apiSecret: string | undefined;
  serviceAccount: ServiceAccount | undefined;
}

/** Who may act as the service account without a token of their own. */
export interface ServiceAccountAccess {
  /** SHA-256 digests (hex) of the client keys accepted in `X-Gateway-Key`. */
  clientKeyDigests: string[];
  /** Requests with no credential at all may act as the service account. */
  anonymous: boolean;
}

/** Socket and request limits of the public listener (Node's http server, through fastify). */
export interface ServerTimeouts {
  /** Whole request (headers and body) received; 0 = none. */
  requestMs: number;
  headersMs: number;
  /** Socket inactivity; 0 = none. */
  connectionMs: number;
  keepAliveMs: number;
  /** 0 = no limit. */
  maxRequestsPerSocket: number;
  maxConnections: number;
}

/** What the public port checks before any GraphQL work. */
export interface EdgeSettings {
  /** Host names the public port answers to (lower-case, IPv6 in brackets). */
  allowedHosts: string[];
  /** GraphQL requests per minute per client; 0 = off. */
  clientRateLimit: number;
  timeouts: ServerTimeouts;
}

/** Browser sign-in (authorization code with PKCE) and its sessions. */
export interface SignInSettings {
  /** Getty's authorize page; `undefined` in sandbox mode (the sandbox's) or when sign-in is off. */
  authorizeUrl: string | undefined;
  /** The gateway's public origin; `undefined`: the request's own (sandbox mode only). */
  publicUrl: string | undefined;
  idleMs: number;
  maxAgeMs: number;
  /** Sessions kept in process. */
  maxEntries: number;
}

/** Where instances share state; absent, every instance keeps its own in-process state. */
export interface RedisSettings {
  url: string;
  /** Prepended to every key, so deployments can share one Redis. */
  keyPrefix: string;
  /** Instances assumed alive, for the budget share, while Redis has not answered since start-up. */
  assumedInstances: number;
}

export interface Config {
  runtimeEnv: RuntimeEnv;
  host: string;
  port: number;
  /** The operators' listener; `port` -1 = off. */
  admin: { host: string; port: number };
  logLevel: LogLevel;
  shutdownTimeoutMs: number;
  dateParams: DateParamStyle;
  upstream: UpstreamPolicy;
  protection: UpstreamProtection;
  limits: RequestLimits;
  /** `undefined` means sandbox mode. */
  getty: GettySettings | undefined;
  sandboxPort: number;
  /** GraphiQL on `GET /graphql` and the downloads browser on `GET /`. */
  playground: boolean;
  introspection: boolean;
  /** Origins allowed to call the API from a browser with credentials (sandbox mode adds localhost ones). */
  corsOrigins: string[];
  redis: RedisSettings | undefined;
  access: ServiceAccountAccess;
  edge: EdgeSettings;
  /** Where spans are exported; `undefined` = no export (and no OpenTelemetry code loaded). */
  tracing: TracingSettings | undefined;
  signIn: SignInSettings;
}

export interface TracingSettings {
  /** The collector's OTLP/HTTP traces URL (`…/v1/traces`). */
  tracesUrl: string;
  serviceName: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Variables that mean real Getty, so they are refused without GETTY_API_KEY. */
export const GETTY_ONLY = [
  'GETTY_API_SECRET',
  'GETTY_API_URL',
  'GETTY_AUTH_URL',
  'GETTY_AUTHORIZE_URL',
  'GETTY_USERNAME',
  'GETTY_PASSWORD',
  'GETTY_REFRESH_TOKEN',
] as const;

type Reader = EnvReader<typeof V>;

/** Reads and validates all configuration; throws a ConfigError listing every bad variable. */
export function readConfig(env: NodeJS.ProcessEnv): Config {
  const read = new EnvReader(env, V);
  // A deployment on real Getty is production unless it says otherwise; development defaults there would expose the schema.
  const runtimeEnv = read.isSet('NODE_ENV') || !read.isSet('GETTY_API_KEY') ? read.oneOf('NODE_ENV') : 'production';
  // Exploring the schema is for development; production turns the playground and introspection off unless asked.
  const production = runtimeEnv === 'production';
  const host = read.text('HOST');
  const getty = readGettySettings(read);
  const signIn = readSignInSettings(read);
  const config: Config = {
    runtimeEnv,
    host,
    port: read.int('PORT'),
    admin: { host: read.text('ADMIN_HOST'), port: read.int('ADMIN_PORT') },
    logLevel: read.oneOf('LOG_LEVEL'),
    shutdownTimeoutMs: read.int('SHUTDOWN_TIMEOUT_MS'),
    dateParams: read.oneOf('GETTY_DATE_PARAMS'),
    upstream: {
      timeoutMs: read.int('UPSTREAM_TIMEOUT_MS'),
      maxBodyBytes: read.int('UPSTREAM_MAX_BODY_BYTES'),
      retries: read.int('UPSTREAM_RETRIES'),
      retryBaseMs: read.int('UPSTREAM_RETRY_BASE_MS'),
      retryMaxDelayMs: read.int('UPSTREAM_RETRY_MAX_DELAY_MS'),
    },
    protection: {
      maxQps: read.int('GETTY_MAX_QPS'),
      queueMs: read.int('UPSTREAM_QUEUE_MS'),
      breaker: {
        errorPercent: read.int('BREAKER_ERROR_PERCENT'),
        minimumCalls: read.int('BREAKER_MIN_CALLS'),
        windowMs: read.int('BREAKER_WINDOW_MS'),
        coolDownMs: read.int('BREAKER_COOLDOWN_MS'),
      },
      cache: {
        ttlMs: read.int('UPSTREAM_CACHE_TTL_MS'),
        maxEntries: read.int('UPSTREAM_CACHE_MAX_ENTRIES'),
        staleIfErrorMs: read.int('UPSTREAM_STALE_IF_ERROR_MS'),
      },
    },
    limits: {
      bodyBytes: read.int('BODY_LIMIT_BYTES'),
      batchMax: read.int('GRAPHQL_BATCH_MAX'),
      maxDepth: read.int('GRAPHQL_MAX_DEPTH'),
      maxAliases: read.int('GRAPHQL_MAX_ALIASES'),
      maxDirectives: read.int('GRAPHQL_MAX_DIRECTIVES'),
      maxTokens: read.int('GRAPHQL_MAX_TOKENS'),
      maxCost: read.int('GRAPHQL_MAX_COST'),
    },
    getty,
    sandboxPort: read.int('SANDBOX_PORT'),
    playground: read.bool('PLAYGROUND', production),
    introspection: read.bool('GRAPHQL_INTROSPECTION', production),
    corsOrigins: read.origins('CORS_ORIGINS'),
    redis: readRedisSettings(read),
    access: readServiceAccountAccess(read, getty),
    edge: {
      allowedHosts: read.hosts('ALLOWED_HOSTS') ?? defaultAllowedHosts(host, signIn.publicUrl),
      clientRateLimit: read.int('CLIENT_RATE_LIMIT'),
      timeouts: readServerTimeouts(read),
    },
    tracing: readTracingSettings(read),
    signIn,
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

function readGettySettings(read: Reader): GettySettings | undefined {
  const apiKey = read.text('GETTY_API_KEY');
  if (apiKey === undefined) {
    for (const name of GETTY_ONLY) {
      if (read.isSet(name)) {
        read.problem(`${name} is set but GETTY_API_KEY is not: set GETTY_API_KEY to use the real Getty API, or unset ${name} to run on the embedded sandbox`);
      }
    }
    return undefined;
  }
  const apiSecret = read.text('GETTY_API_SECRET');
  return {
    apiUrl: secureUpstreamUrl(read, 'GETTY_API_URL'),
    authUrl: secureUpstreamUrl(read, 'GETTY_AUTH_URL'),
    apiKey,
    apiSecret,
    serviceAccount: readServiceAccount(read, apiSecret),
  };
}

/** Getty's URLs carry the API key, the secret, passwords and customers' tokens: https, but for a stand-in on this machine. */
function secureUpstreamUrl(read: Reader, name: 'GETTY_API_URL' | 'GETTY_AUTH_URL'): string {
  const value = read.httpUrl(name);
  const url = new URL(value);
  if (url.protocol !== 'https:' && !isLoopbackHost(url.hostname)) {
    read.problem(
      `${name} must be an https URL (got ${url.protocol}//${url.host}): it carries the API key and tokens, and plain http is accepted only for a loopback host (localhost, 127.0.0.1, [::1])`,
    );
  }
  return value;
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * The bind address, this machine's own names and the public origin's host: enough for local use
 * and for the address browsers are sent back to, nothing a rebinding page can name.
 */
function defaultAllowedHosts(host: string, publicUrl: string | undefined): string[] {
  const bind = host.includes(':') ? `[${host.toLowerCase()}]` : host.toLowerCase();
  const names = [bind, 'localhost', '127.0.0.1', '[::1]'];
  if (publicUrl !== undefined) names.push(new URL(publicUrl).hostname);
  return [...new Set(names)];
}

function readServerTimeouts(read: Reader): ServerTimeouts {
  const timeouts: ServerTimeouts = {
    requestMs: read.int('REQUEST_TIMEOUT_MS'),
    headersMs: read.int('HEADERS_TIMEOUT_MS'),
    connectionMs: read.int('CONNECTION_TIMEOUT_MS'),
    keepAliveMs: read.int('KEEP_ALIVE_TIMEOUT_MS'),
    maxRequestsPerSocket: read.int('MAX_REQUESTS_PER_SOCKET'),
    maxConnections: read.int('MAX_CONNECTIONS'),
  };
  // Node refuses to start a server whose headers may take longer than the whole request.
  if (timeouts.requestMs > 0 && timeouts.headersMs > timeouts.requestMs) {
    read.problem(`HEADERS_TIMEOUT_MS (${timeouts.headersMs}) must not exceed REQUEST_TIMEOUT_MS (${timeouts.requestMs}): the headers are part of the request`);
  }
  return timeouts;
}

/**
 * Outside the sandbox a service account must not answer whoever reaches the port: the operator
 * names its clients (keys) or declares the network trusted, or runs without one.
 */
function readServiceAccountAccess(read: Reader, getty: GettySettings | undefined): ServiceAccountAccess {
  const clientKeyDigests = read.digests('GATEWAY_CLIENT_KEY_DIGESTS');
  // The sandbox answers its demo data at once, so `npm start` needs no set-up.
  const anonymous = read.isSet('SERVICE_ACCOUNT_ANONYMOUS') ? read.bool('SERVICE_ACCOUNT_ANONYMOUS', false) : getty === undefined;
  if (getty?.serviceAccount !== undefined && clientKeyDigests.length === 0 && !anonymous) {
    read.problem(
      'A service account is configured (GETTY_USERNAME/GETTY_PASSWORD or GETTY_REFRESH_TOKEN) but nothing says who may use it, so anyone reaching the port would read its downloads. Choose one: ' +
        'set GATEWAY_CLIENT_KEY_DIGESTS to the SHA-256 digests of keys your server-side clients send in X-Gateway-Key (docs/security.md); ' +
        'or set SERVICE_ACCOUNT_ANONYMOUS=true to answer requests without credentials on a trusted network; ' +
        'or remove the service account, so every caller sends its own bearer token or signs in',
    );
  }
  return { clientKeyDigests, anonymous };
}

function readSignInSettings(read: Reader): SignInSettings {
  const authorizeUrl = read.isSet('GETTY_API_KEY') ? read.httpUrl('GETTY_AUTHORIZE_URL') : undefined;
  const publicUrl = read.httpUrl('PUBLIC_URL');
  if (authorizeUrl !== undefined && publicUrl === undefined) {
    read.problem('GETTY_AUTHORIZE_URL needs PUBLIC_URL (the origin browsers reach the gateway at): Getty redirects signed-in customers to ${PUBLIC_URL}/auth/callback');
  }
  if (authorizeUrl !== undefined && !read.isSet('GETTY_API_SECRET')) {
    read.problem('GETTY_AUTHORIZE_URL needs GETTY_API_SECRET: the code a customer brings back is exchanged with the client secret');
  }
  if (publicUrl !== undefined && new URL(publicUrl).pathname !== '/')
    read.problem(`PUBLIC_URL must be an origin without a path, such as https://downloads.example.com (got "${publicUrl}")`);
  return {
    authorizeUrl,
    publicUrl: publicUrl === undefined ? undefined : new URL(publicUrl).origin,
    idleMs: read.int('SESSION_IDLE_MINUTES') * 60_000,
    maxAgeMs: read.int('SESSION_MAX_HOURS') * 3_600_000,
    maxEntries: read.int('SESSION_MAX_ENTRIES'),
  };
}

function readRedisSettings(read: Reader): RedisSettings | undefined {
  const url = read.redisUrl('REDIS_URL');
  const keyPrefix = read.text('REDIS_KEY_PREFIX');
  const assumedInstances = read.int('REDIS_ASSUMED_INSTANCES');
  if (url === undefined) return undefined;
  return { url, keyPrefix, assumedInstances };
}

function readTracingSettings(read: Reader): TracingSettings | undefined {
  const endpoint = read.text('OTEL_EXPORTER_OTLP_ENDPOINT');
  const serviceName = read.text('OTEL_SERVICE_NAME');
  if (endpoint === undefined) return undefined;
  if (!URL.canParse(endpoint) || !/^https?:$/.test(new URL(endpoint).protocol)) {
    read.problem(`OTEL_EXPORTER_OTLP_ENDPOINT must be an absolute http(s) URL such as http://otel-collector:4318`);
    return undefined;
  }
  // The OTLP convention: the signal's path is appended to the base endpoint.
  return { tracesUrl: `${endpoint.replace(/\/+$/, '')}/v1/traces`, serviceName };
}

function readServiceAccount(read: Reader, apiSecret: string | undefined): ServiceAccount | undefined {
  const username = read.text('GETTY_USERNAME');
  const password = read.text('GETTY_PASSWORD');
  const refreshToken = read.text('GETTY_REFRESH_TOKEN');
  if ((username === undefined) !== (password === undefined)) {
    read.problem('GETTY_USERNAME and GETTY_PASSWORD go together: set both for the password grant, or neither');
    return undefined;
  }
  if (username !== undefined && refreshToken !== undefined) {
    read.problem('GETTY_REFRESH_TOKEN and GETTY_USERNAME/GETTY_PASSWORD are alternatives: set one service-account grant, not both');
    return undefined;
  }
  if ((username !== undefined || refreshToken !== undefined) && apiSecret === undefined) {
    read.problem('GETTY_API_SECRET is required with a service account (GETTY_USERNAME/GETTY_PASSWORD or GETTY_REFRESH_TOKEN): it is the OAuth client secret');
    return undefined;
  }
  if (username !== undefined && password !== undefined) return { grant: 'password', username, password };
  if (refreshToken !== undefined) return { grant: 'refresh_token', refreshToken };
  return undefined;
}
