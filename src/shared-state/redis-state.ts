import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { KeyvAdapter } from '@apollo/utils.keyvadapter';
import type { RedisSettings } from '../config/env.js';
import type { Logger } from '../logging/logger.js';
import { MemoryExpiringStore, parsePendingSignIn, parseSession } from '../auth/session-store.js';
import { MemoryResponseCache } from '../getty/response-cache.js';
import { FailoverDepartureWindow } from './failover-window.js';
import type { BudgetSettings, SharedState } from './shared-state.js';
import { COMMAND_TIMEOUT_MS, RedisConnection } from './redis/connection.js';
import { RedisDepartureWindow } from './redis/departure-window.js';
import { RedisExpiringStore } from './redis/expiring-store.js';
import { Heartbeat, SHARING_FOR_MS } from './redis/heartbeat.js';
import { RedisKeyvStore } from './redis/keyv-store.js';
import { RedisRefreshLock } from './redis/refresh-lock.js';
import { RedisResponseCache } from './redis/response-cache.js';
import { RedisTokenStore } from './redis/token-store.js';

/**
 * Keyv as the adapter (a CommonJS package) loads it, so the instance is the very class its
 * types expect; the ESM build's declarations differ only in where they come from.
 */
// typescript-eslint cannot resolve an import type with `resolution-mode`, which tsc checks here.
// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment
const { Keyv } = createRequire(import.meta.url)('keyv') as typeof import('keyv', { with: { 'resolution-mode': 'require' } });

/**
 * Shared state on Redis. Start-up waits for the first connection attempt only (bounded by
 * the connect timeout): an unreachable Redis is logged, reported by /healthz, retried in
 * the background, and in-process state serves meanwhile.
 */
export async function redisState(settings: RedisSettings, budget: BudgetSettings, logger: Logger): Promise<SharedState> {
  const redis = new RedisConnection(settings, logger);
  await redis.firstAttempt();
  const instanceId = randomUUID();
  let instances = settings.assumedInstances;
  const onRedis = new RedisDepartureWindow(redis, budget.perSecond);
  const window = new FailoverDepartureWindow(
    onRedis,
    {
      budget: budget.perSecond,
      secondMs: budget.secondMs,
      queueMs: budget.queueMs,
      instances: () => instances,
      // A beat that timed out here may still have run on Redis, at the latest when its command timed out.
      sharingForMs: SHARING_FOR_MS + COMMAND_TIMEOUT_MS,
    },
    redis.up,
  );
  const heartbeat = new Heartbeat(redis, instanceId, {
    sharing: () => window.announce(),
    beat: ({ members, sharing }) => {
      instances = members.length;
      onRedis.observed(sharing, members.length);
      window.answered();
    },
    missed: () => window.failed(),
  });
  redis.onClose(() => window.lost());
  heartbeat.start();
  return {
    tokenStore: new RedisTokenStore(redis),
    refreshLock: new RedisRefreshLock(redis),
    signInStores: (maxEntries, now) => ({
      sessions: new RedisExpiringStore(redis, parseSession, new MemoryExpiringStore(maxEntries, now)),
      pending: new RedisExpiringStore(redis, parsePendingSignIn, new MemoryExpiringStore(maxEntries, now)),
    }),
    responseCache: (options) => new RedisResponseCache(redis, options, new MemoryResponseCache(options)),
    budget: window,
    // Not `apq`: Apollo's keys already start with `apq:`, and Keyv's batch read would then prefix them twice.
    persistedQueries: new KeyvAdapter(new Keyv<string>({ store: new RedisKeyvStore(redis), namespace: 'persisted-queries' })),
    clientRateCounters: { redis: redis.client, nameSpace: redis.key('client-rate:') },
    status: () => ({ redis: window.mode === 'fallback' ? 'down' : 'up', budgetPerSecond: window.perSecond }),
    close: async () => {
      await heartbeat.stop();
      await redis.close();
    },
  };
}
