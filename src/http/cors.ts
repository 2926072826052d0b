import fastifyCors from '@fastify/cors';
import type { FastifyCorsOptions } from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Which browser origins may call the API from other origins. */
export interface CorsPolicy {
  /** Configured origins (`CORS_ORIGINS`): allowed, with credentials. */
  origins: readonly string[];
  /** Sandbox mode: any localhost origin, so a dev server on another port just works; no credentials. */
  allowLocalhost: boolean;
}

const LOCALHOST_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);
/** Browsers cap it (Chromium at 2 hours); ten minutes lets a changed policy take effect soon. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

export function isLocalhostOrigin(origin: string): boolean {
  if (!URL.canParse(origin)) return false;
  const url = new URL(origin);
  return /^https?:$/.test(url.protocol) && LOCALHOST_NAMES.has(url.hostname) && url.origin === origin;
}

/** The CORS options for one request: the caller's origin echoed back when allowed, else no CORS headers. */
export function corsOptionsFor(policy: CorsPolicy, origin: string | undefined): FastifyCorsOptions {
  const listed = origin !== undefined && policy.origins.includes(origin);
  const allowed = listed || (origin !== undefined && policy.allowLocalhost && isLocalhostOrigin(origin));
  return {
    origin: allowed ? origin : false,
    credentials: listed,
    methods: ['GET', 'POST'],
    // apollo-require-preflight lets GET queries past Apollo's CSRF prevention.
    allowedHeaders: ['content-type', 'authorization', 'accept-language', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id'],
    exposedHeaders: ['x-request-id'],
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
  };
}

/** Answers preflights (an OPTIONS route for every path) and adds CORS headers to every response. */
export function registerCors(app: FastifyInstance, policy: CorsPolicy): void {
  void app.register(fastifyCors, {
    hook: 'onRequest',
    delegator: (request: FastifyRequest, callback) => callback(null, corsOptionsFor(policy, request.headers.origin)),
  });
}
