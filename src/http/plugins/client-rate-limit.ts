import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { ErrorCode } from '../../errors.js';
import { errorBody } from '../error-body.js';
import { GRAPHQL_PATH } from './graphql-endpoint.js';

/** Where the counts live: this process by default, Redis (shared by every instance) when there is one. */
export interface RateCounterStore {
  redis: Redis;
  /** Key prefix of the counters. */
  nameSpace: string;
}

export interface ClientRateLimitOptions {
  /** GraphQL requests per minute per client; 0 = off. */
  perMinute: number;
  /** The client a request counts against. */
  clientOf: (request: FastifyRequest) => Promise<string>;
  store: RateCounterStore | undefined;
}

const WINDOW_MS = 60_000;

/**
 * A per-client request limit in front of GraphQL, counted by @fastify/rate-limit (fixed
 * windows, in memory or on Redis). It runs when the request arrives, before its body is read.
 * A Redis that fails or is away lets requests through rather than failing them.
 */
export const clientRateLimit = fp<ClientRateLimitOptions>(
  async (app, { perMinute, clientOf, store }) => {
    if (perMinute === 0) return;
    await app.register(fastifyRateLimit, { global: false, skipOnError: true, ...(store === undefined ? {} : { redis: store.redis, nameSpace: store.nameSpace }) });
    const check = app.createRateLimit({ max: perMinute, timeWindow: WINDOW_MS, keyGenerator: clientOf, skipOnError: true });
    app.addHook('onRequest', async (request, reply) => {
      if (request.routeOptions.url !== GRAPHQL_PATH) return undefined;
      const verdict = await check(request);
      if (verdict.isAllowed || !verdict.isExceeded) return undefined;
      const retryAfter = Math.max(1, verdict.ttlInSeconds);
      return reply
        .code(429)
        .header('retry-after', String(retryAfter))
        .send(errorBody(`Too many requests from this client: at most ${perMinute} a minute. Wait ${retryAfter} s (Retry-After) and try again.`, ErrorCode.RateLimited));
    });
  },
  { name: 'client-rate-limit' },
);
