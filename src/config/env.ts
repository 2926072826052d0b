import { EnvReader } from './env-readers.js';

export type DateParamStyle = 'start_end' | 'from_to';
export type RuntimeEnv = 'development' | 'production' | 'test';
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** How the gateway obtains a Getty token when a request brings none. */
export type ServiceAccount =
  | { grant: 'password'; username: string; password: string }
  | { grant: 'refresh_token'; refreshToken: string };

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
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const DEFAULT_API_URL = 'https://api.gettyimages.com';
const DEFAULT_AUTH_URL = 'https://authentication.gettyimages.com/oauth2/token';
const GETTY_ONLY = ['GETTY_API_SECRET', 'GETTY_API_URL', 'GETTY_AUTH_URL', 'GETTY_USERNAME', 'GETTY_PASSWORD', 'GETTY_REFRESH_TOKEN'];

/** Reads and validates all configuration; throws a ConfigError listing every bad variable. */
export function readConfig(env: NodeJS.ProcessEnv): Config {
  const read = new EnvReader(env);
  const runtimeEnv = read.oneOf<RuntimeEnv>('NODE_ENV', ['development', 'production', 'test'], 'development');
  const config: Config = {
    runtimeEnv,
    host: read.string('HOST') ?? '127.0.0.1',
    port: read.int('PORT', 4000, 0, 65535),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    shutdownTimeoutMs: read.int('SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    dateParams: read.oneOf<DateParamStyle>('GETTY_DATE_PARAMS', ['start_end', 'from_to'], 'start_end'),
    upstream: {
      timeoutMs: read.int('UPSTREAM_TIMEOUT_MS', 10_000, 1, 600_000),
      retries: read.int('UPSTREAM_RETRIES', 2, 0, 10),
      retryBaseMs: read.int('UPSTREAM_RETRY_BASE_MS', 250, 0, 60_000),
      retryMaxDelayMs: read.int('UPSTREAM_RETRY_MAX_DELAY_MS', 5_000, 0, 600_000),
    },
    protection: {
      maxQps: read.int('GETTY_MAX_QPS', 5, 0, 100_000),
      queueMs: read.int('UPSTREAM_QUEUE_MS', 1_000, 0, 600_000),
      breaker: {
        errorPercent: read.int('BREAKER_ERROR_PERCENT', 50, 1, 100),
        minimumCalls: read.int('BREAKER_MIN_CALLS', 10, 1, 100_000),
        windowMs: read.int('BREAKER_WINDOW_MS', 10_000, 100, 600_000),
        coolDownMs: read.int('BREAKER_COOLDOWN_MS', 10_000, 10, 600_000),
      },
      cache: {
        ttlMs: read.int('UPSTREAM_CACHE_TTL_MS', 0, 0, 86_400_000),
        maxEntries: read.int('UPSTREAM_CACHE_MAX_ENTRIES', 500, 1, 1_000_000),
        staleIfErrorMs: read.int('UPSTREAM_STALE_IF_ERROR_MS', 0, 0, 86_400_000),
      },
    },
    limits: {
      bodyBytes: read.int('BODY_LIMIT_BYTES', 100 * 1024, 1024, 100 * 1024 * 1024),
      batchMax: read.int('GRAPHQL_BATCH_MAX', 0, 0, 100),
      maxDepth: read.int('GRAPHQL_MAX_DEPTH', 8, 1, 100),
      maxAliases: read.int('GRAPHQL_MAX_ALIASES', 10, 1, 1_000),
      maxDirectives: read.int('GRAPHQL_MAX_DIRECTIVES', 20, 0, 1_000),
      maxTokens: read.int('GRAPHQL_MAX_TOKENS', 2_000, 10, 100_000),
      maxCost: read.int('GRAPHQL_MAX_COST', 20_000, 1, 10_000_000),
    },
    getty: readGettySettings(read),
    sandboxPort: read.int('SANDBOX_PORT', 0, 0, 65535),
    // Exploring the schema is for development; production turns both off unless asked.
    playground: read.bool('PLAYGROUND', runtimeEnv !== 'production'),
    introspection: read.bool('GRAPHQL_INTROSPECTION', runtimeEnv !== 'production'),
    corsOrigins: read.origins('CORS_ORIGINS'),
    redis: readRedisSettings(read),
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

function readGettySettings(read: EnvReader): GettySettings | undefined {
  const apiKey = read.string('GETTY_API_KEY');
  if (apiKey === undefined) {
    for (const name of GETTY_ONLY) {
      if (read.string(name) !== undefined) {
        read.problem(`${name} is set but GETTY_API_KEY is not: set GETTY_API_KEY to use the real Getty API, or unset ${name} to run on the embedded sandbox`);
      }
    }
    return undefined;
  }
  const apiSecret = read.string('GETTY_API_SECRET');
  return {
    apiUrl: read.httpUrl('GETTY_API_URL', DEFAULT_API_URL),
    authUrl: read.httpUrl('GETTY_AUTH_URL', DEFAULT_AUTH_URL),
    apiKey,
    apiSecret,
    serviceAccount: readServiceAccount(read, apiSecret),
  };
}

function readRedisSettings(read: EnvReader): RedisSettings | undefined {
  const url = read.redisUrl('REDIS_URL');
  const keyPrefix = read.string('REDIS_KEY_PREFIX') ?? 'getty-gw:';
  const assumedInstances = read.int('REDIS_ASSUMED_INSTANCES', 1, 1, 10_000);
  if (url === undefined) return undefined;
  return { url, keyPrefix, assumedInstances };
}

function readServiceAccount(read: EnvReader, apiSecret: string | undefined): ServiceAccount | undefined {
  const username = read.string('GETTY_USERNAME');
  const password = read.string('GETTY_PASSWORD');
  const refreshToken = read.string('GETTY_REFRESH_TOKEN');
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
