import { describe, expect, it } from '@jest/globals';
import { readConfig } from '../../src/config/env.js';
import { gatewayEnv, REDIS_SETTINGS } from '../gateway-process.js';
import type { SandboxReady } from '../sandbox-protocol.js';

const sandbox = {
  url: 'http://127.0.0.1:40001',
  tokenUrl: 'http://127.0.0.1:40001/oauth2/token',
  apiKey: 'bench-key',
  apiSecret: 'bench-secret',
  serviceAccount: { username: 'svc', password: 'pw' },
} satisfies SandboxReady;

describe("the gateway's environment in the bench", () => {
  it('without --redis: in-process state, the budget and the per-client limit off, as the settings line says', () => {
    const config = readConfig(gatewayEnv(sandbox, 40002, 40003, false));
    expect(config.redis).toBeUndefined();
    expect(config.protection.maxQps).toBe(0);
    expect(config.edge.clientRateLimit).toBe(0);
  });

  it('with --redis: on Redis, with the budget and the per-client limit on at settings the gateway accepts and this machine cannot reach', () => {
    const config = readConfig(gatewayEnv(sandbox, 40002, 40003, false, 'redis://127.0.0.1:40004'));
    expect(config.redis).toBeDefined();
    // The gateway serves a few thousand requests a second here, and calls Getty on at most one each.
    expect(config.protection.maxQps).toBeGreaterThanOrEqual(100_000);
    expect(config.edge.clientRateLimit / 60).toBeGreaterThanOrEqual(10_000);
    expect(REDIS_SETTINGS).toContain(`GETTY_MAX_QPS=${config.protection.maxQps}`);
    expect(REDIS_SETTINGS).toContain(`CLIENT_RATE_LIMIT=${config.edge.clientRateLimit}`);
  });
});
