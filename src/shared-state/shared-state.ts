import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { Redis } from 'ioredis';
import type { RefreshLock } from '../auth/refresh-lock.js';
import type { PendingSignInStore, SessionStore } from '../auth/session-store.js';
import type { TokenStore } from '../auth/token-store.js';
import type { DepartureWindow } from '../getty/budget/departure-window.js';
import type { ResponseCache, ResponseCacheOptions } from '../getty/response-cache.js';

/** What /healthz shows of shared state. `redis` only when REDIS_URL is set. */
export interface SharedStateStatus {
  redis?: 'up' | 'down';
  /** The Getty calls per second this instance may make now: the whole budget, or its share while Redis is away. */
  budgetPerSecond: number;
}

export interface BudgetSettings {
  /** GETTY_MAX_QPS. */
  perSecond: number;
  /** The window's length for one second of budget, with its margin. */
  secondMs: number;
  queueMs: number;
}

/**
 * State that N instances share through Redis, or one process keeps to itself. Callers get
 * the interfaces (TokenStore, RefreshLock, ResponseCache, DepartureWindow, Apollo's
 * KeyValueCache) and never learn which.
 */
export interface SharedState {
  readonly tokenStore: TokenStore;
  readonly refreshLock: RefreshLock;
  /** Browser sessions and sign-ins under way; `maxEntries` bounds this process's copies. */
  signInStores(maxEntries: number, now: () => number): { sessions: SessionStore; pending: PendingSignInStore };
  responseCache(options: ResponseCacheOptions): ResponseCache;
  /** The API key's budget across instances; `undefined` in-process, where the gateway keeps its own window. */
  readonly budget: DepartureWindow | undefined;
  /** Apollo's persisted-query cache; `undefined` keeps Apollo's in-process default. */
  readonly persistedQueries: KeyValueCache<string> | undefined;
  /** Where the per-client request limit counts, for @fastify/rate-limit's Redis store; `undefined` keeps its in-process one. */
  readonly clientRateCounters: { redis: Redis; nameSpace: string } | undefined;
  status(localPerSecond: number): SharedStateStatus;
  close(): Promise<void>;
}
