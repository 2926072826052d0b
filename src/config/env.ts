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
  signIn: SignInSettings;
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
  const runtimeEnv = read.oneOf('NODE_ENV');
  // Exploring the schema is for development; production turns the playground and introspection off unless asked.
  const production = runtimeEnv === 'production';
  const config: Config = {
    runtimeEnv,
    host: read.text('HOST'),
    port: read.int('PORT'),
    admin: { host: read.text('ADMIN_HOST'), port: read.int('ADMIN_PORT') },
    logLevel: read.oneOf('LOG_LEVEL'),
    shutdownTimeoutMs: read.int('SHUTDOWN_TIMEOUT_MS'),
    dateParams: read.oneOf('GETTY_DATE_PARAMS'),
    upstream: {
      timeoutMs: read.int('UPSTREAM_TIMEOUT_MS'),
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
    getty: readGettySettings(read),
    sandboxPort: read.int('SANDBOX_PORT'),
    playground: read.bool('PLAYGROUND', production),
    introspection: read.bool('GRAPHQL_INTROSPECTION', production),
    corsOrigins: read.origins('CORS_ORIGINS'),
    redis: readRedisSettings(read),
    signIn: readSignInSettings(read),
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
    apiUrl: read.httpUrl('GETTY_API_URL'),
    authUrl: read.httpUrl('GETTY_AUTH_URL'),
    apiKey,
    apiSecret,
    serviceAccount: readServiceAccount(read, apiSecret),
  };
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
