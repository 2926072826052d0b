import { ProcessRefreshLock } from '../auth/refresh-lock.js';
import { MemoryExpiringStore } from '../auth/session-store.js';
import { MemoryTokenStore } from '../auth/token-store.js';
import type { RedisSettings } from '../config/env.js';
import { MemoryResponseCache } from '../getty/response-cache.js';
import type { Logger } from '../logging/logger.js';
import type { BudgetSettings, SharedState } from './shared-state.js';

export type { BudgetSettings, SharedState, SharedStateStatus } from './shared-state.js';

/** Everything in this process: today's behaviour without REDIS_URL, and no Redis code on any path. */
export function inProcessState(): SharedState {
  return {
    tokenStore: new MemoryTokenStore(),
    refreshLock: new ProcessRefreshLock(),
    signInStores: (maxEntries, now) => ({ sessions: new MemoryExpiringStore(maxEntries, now), pending: new MemoryExpiringStore(maxEntries, now) }),
    responseCache: (options) => new MemoryResponseCache(options),
    budget: undefined,
    persistedQueries: undefined,
    clientRateCounters: undefined,
    status: (localPerSecond) => ({ budgetPerSecond: localPerSecond }),
    close: async () => undefined,
  };
}

/**
 * Shared state on Redis (./redis-state.ts). Loaded only when REDIS_URL is set, so a gateway
 * without it neither loads nor holds the Redis client and its stores.
 */
export async function redisState(settings: RedisSettings, budget: BudgetSettings, logger: Logger): Promise<SharedState> {
  const { redisState: onRedis } = await import('./redis-state.js');
  return onRedis(settings, budget, logger);
}
